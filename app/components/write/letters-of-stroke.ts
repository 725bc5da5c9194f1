import type { AlignedLetter } from "@/lib/model/recognizer";

/** Positions of the letters (in the transcript) that the given stroke helped produce. */
export function lettersOfStroke(alignment: readonly AlignedLetter[], stroke: number): number[] {
  return alignment.filter((a) => a.strokes.includes(stroke)).map((a) => a.index);
}
