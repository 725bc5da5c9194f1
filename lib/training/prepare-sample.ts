import type { Ink } from "../ink/types";
import { preprocessInk } from "../ink/preprocess";
import { encode, unknownChars } from "../ctc/charset";
import { minFramesFor } from "../ctc/ctc-loss";
import type { ModelConfig } from "../model/config";

/** One (features, labels) pair ready for the network and the CTC loss. */
export interface PreparedSample {
  features: Float32Array;
  length: number;
  labels: number[];
}

/**
 * Preprocesses an ink and encodes its text; null when the pair cannot train the model: a
 * character outside the charset, an empty label, or fewer frames than CTC needs for the label.
 */
export function prepareSample(ink: Ink, text: string, model: ModelConfig): PreparedSample | null {
  if (unknownChars(model.charset, text).length) return null;
  const labels = encode(model.charset, text);
  if (labels.length === 0) return null;
  const f = preprocessInk(ink, model.preprocess);
  if (f.steps < minFramesFor(labels)) return null;
  return { features: f.features, length: f.steps, labels };
}

/**
 * Cuts samples into batches of similar length (sorted, so padding is small), each at most
 * `batchFrames` frames (batch size × longest sequence) and `maxBatch` samples.
 */
export function lengthSortedBatches<T extends { length: number }>(samples: readonly T[], batchFrames: number, maxBatch: number): T[][] {
  const sorted = [...samples].sort((a, b) => a.length - b.length);
  const batches: T[][] = [];
  let cur: T[] = [];
  for (const p of sorted) {
    // Sorted ascending, so p is the longest of the batch if it joins.
    if (cur.length && (p.length * (cur.length + 1) > batchFrames || cur.length >= maxBatch)) {
      batches.push(cur);
      cur = [];
    }
    cur.push(p);
  }
  if (cur.length) batches.push(cur);
  return batches;
}
