import type { InkSample } from "./ink-sample";

/**
 * One JSONL line (without the newline) in the dataset schema. Points become `[x, y]`, or
 * `[x, y, t]` when the sample has any timestamp (`null` for a point that lacks one), so
 * reading the line back gives the same sample. Pressure is not part of the dataset schema
 * and is not written.
 */
export function writeDatasetJsonlLine(sample: InkSample): string {
  const timed = sample.ink.strokes.some((s) => s.points.some((p) => p.t !== undefined));
  const strokes = sample.ink.strokes.map((s) =>
    s.points.map((p) => (timed ? [p.x, p.y, p.t ?? null] : [p.x, p.y])),
  );
  return JSON.stringify({ id: sample.id, text: sample.text, writer: sample.writer, strokes });
}

/** A whole JSONL document, one line per sample, newline-terminated. */
export function writeDatasetJsonl(samples: Iterable<InkSample>): string {
  let out = "";
  for (const s of samples) out += writeDatasetJsonlLine(s) + "\n";
  return out;
}
