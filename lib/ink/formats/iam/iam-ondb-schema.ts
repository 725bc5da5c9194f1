import { z } from "zod";

const decimal = (what: string) =>
  z
    .string({ error: `${what} is missing` })
    .trim()
    .regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, `${what} must be a decimal number`)
    .transform(Number)
    .refine(Number.isFinite, `${what} must be finite`);

/** Attributes of an IAM-OnDB `<Point>`: whiteboard units, and `time` in seconds (optional here). */
export const IamPointAttributesSchema = z.object({
  x: decimal("x"),
  y: decimal("y"),
  time: decimal("time").optional(),
});
