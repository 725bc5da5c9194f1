import { z } from "zod";

/**
 * The stored ink value. Immutable and versioned so that old samples stay readable
 * when the format grows: readers switch on `version`, writers always emit the latest.
 *
 * Coordinates are in the writer's own units with y pointing down (screen convention).
 * `t` (ms since the first point) and `p` (pressure, 0..1) are optional because most
 * training data has neither; the recognizer never depends on them.
 */
export const INK_VERSION = 1 as const;

/** Hard limits that keep a single ink bounded in memory and time everywhere. */
export const INK_LIMITS = {
  maxStrokes: 2_000, // far above a full handwritten page of text
  maxPoints: 200_000, // total points; 10^6-point inks are rejected, not truncated silently
  maxAbsCoordinate: 1e7, // finite but not absurd; keeps float32 maths exact enough
  maxTimeMs: 86_400_000, // t is ms since the first point: 0 to 24 h
} as const;

const finite = z.number().refine(Number.isFinite, { message: "must be a finite number" });

export const InkPointSchema = z.object({
  x: finite.refine((v) => Math.abs(v) <= INK_LIMITS.maxAbsCoordinate, "coordinate out of range"),
  y: finite.refine((v) => Math.abs(v) <= INK_LIMITS.maxAbsCoordinate, "coordinate out of range"),
  t: finite.refine((v) => v >= 0 && v <= INK_LIMITS.maxTimeMs, `time must be in [0, ${INK_LIMITS.maxTimeMs}] ms (ms since the first point, at most 24 h)`).optional(),
  p: finite.refine((v) => v >= 0 && v <= 1, "pressure must be in [0, 1]").optional(),
});

export const InkStrokeSchema = z.object({
  points: z.array(InkPointSchema).min(1, "a stroke needs at least one point"),
});

export const InkSchema = z
  .object({
    version: z.literal(INK_VERSION),
    strokes: z.array(InkStrokeSchema).max(INK_LIMITS.maxStrokes),
  })
  .refine((ink) => ink.strokes.reduce((n, s) => n + s.points.length, 0) <= INK_LIMITS.maxPoints, {
    message: `ink has more than ${INK_LIMITS.maxPoints} points`,
    path: ["strokes"],
  });

export type InkPoint = Readonly<z.infer<typeof InkPointSchema>>;
export type InkStroke = Readonly<{ points: readonly InkPoint[] }>;
export type Ink = Readonly<{ version: typeof INK_VERSION; strokes: readonly InkStroke[] }>;

/** Builds an ink value from plain stroke arrays ([x, y] or [x, y, t]), as in the dataset JSONL. */
export function inkFromArrays(strokes: readonly (readonly (readonly number[])[])[]): Ink {
  return {
    version: INK_VERSION,
    strokes: strokes.map((s) => ({
      points: s.map((pt) => (pt.length >= 3 && pt[2] != null ? { x: pt[0], y: pt[1], t: pt[2] } : { x: pt[0], y: pt[1] })),
    })),
  };
}

export function countPoints(ink: Ink): number {
  return ink.strokes.reduce((n, s) => n + s.points.length, 0);
}
