import { z } from "zod";
import { SampleStatusSchema } from "../db-enums";

/** Query of the review queue: a status (or all), label/writer search, and a page. */
export const ReviewQuerySchema = z.strictObject({
  status: z.union([SampleStatusSchema, z.literal("all")]).default("pending"),
  q: z.string().trim().max(200).default(""),
  writer: z.string().trim().max(200).default(""),
  take: z.coerce.number().int().min(1).max(100).default(24),
  /** Id of the last sample of the previous page. */
  after: z.string().max(100).optional(),
});
export type ReviewQuery = z.infer<typeof ReviewQuerySchema>;

/** A review decision for one or many samples: a status, or (for one sample) a corrected label. */
export const ReviewDecisionSchema = z
  .strictObject({
    ids: z.array(z.string().min(1).max(100)).min(1, "ids must name at least one sample").max(500, "at most 500 samples per decision"),
    status: SampleStatusSchema.optional(),
    label: z.string().optional(),
  })
  .refine((d) => d.status !== undefined || d.label !== undefined, { message: "give a status, a label, or both" })
  .refine((d) => d.label === undefined || d.ids.length === 1, { message: "a label can be set on one sample at a time", path: ["label"] });
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>;
