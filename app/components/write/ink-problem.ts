import { countPoints, INK_LIMITS, type Ink } from "@/lib/ink/types";

export type InkProblem = { kind: "empty" } | { kind: "too-large"; strokes: number; points: number };

/**
 * Why an ink cannot be recognized, or null when it can. Limits are the app-wide INK_LIMITS,
 * the same ones the samples API enforces, so a too-large ink is caught here, with a clear
 * message, rather than by a failed save or a stalled worker.
 */
export function inkProblem(ink: Ink): InkProblem | null {
  const points = countPoints(ink);
  if (ink.strokes.length === 0 || points === 0) return { kind: "empty" };
  if (ink.strokes.length > INK_LIMITS.maxStrokes || points > INK_LIMITS.maxPoints) return { kind: "too-large", strokes: ink.strokes.length, points };
  return null;
}
