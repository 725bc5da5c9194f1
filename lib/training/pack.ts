import { inkToPolylines } from "../ink/polylines";
import { writingZone } from "../ink/writing-height";
import { normalize } from "../ink/normalize";
import { resample } from "../ink/resample";
import { preprocessInk, type PreprocessOptions } from "../ink/preprocess";
import type { Ink } from "../ink/types";

/**
 * The compact ink of `npm run pack-training-set`, read by the GPU trainer (scripts/gpu): each
 * sample normalised by lib/ink (duplicates dropped, writing zone, height units), thinned to an
 * arc-length spacing far finer than the model's, and quantised.
 */

/** Quantisation: 1/64 of a writing height is far below the model's 0.25-height step and the 0.01-height augmentation jitter. */
export const PACK_SCALE = 64;
const INT16_MAX = 32767;

/** Normalised, thinned, quantised strokes of one ink (empty strokes dropped) and its writing height in ink units. */
export function packInk(ink: Ink, spacing: number): { strokes: Int16Array[]; height: number } {
  const { polylines } = inkToPolylines(ink);
  const zone = writingZone(polylines);
  const thinned = resample(normalize(polylines, zone), spacing);
  const strokes = thinned.map((p) => {
    const q = new Int16Array(p.length);
    for (let i = 0; i < p.length; i++) q[i] = Math.max(-INT16_MAX, Math.min(INT16_MAX, Math.round(p[i] * PACK_SCALE)));
    return q;
  });
  return { strokes, height: zone.height };
}

/** Packed strokes as the trainer reads them: an ink in writing heights. */
export function unpackToInk(strokes: readonly Int16Array[]): Ink {
  return {
    version: 1,
    strokes: strokes.map((q) => ({ points: Array.from({ length: q.length / 2 }, (_, i) => ({ x: q[2 * i] / PACK_SCALE, y: q[2 * i + 1] / PACK_SCALE })) })),
  };
}

export interface ParityCase {
  text: string;
  /** Packed strokes, x/y interleaved, in 1/PACK_SCALE heights. */
  strokes: number[][];
  steps: number;
  /** lib/ink's features for the unpacked ink, row-major [steps, dims]. */
  features: number[];
}

/** A case the trainer's feature port (scripts/gpu/ink_features.py) must reproduce before it trains. */
export function parityCase(text: string, strokes: readonly Int16Array[], preprocess: PreprocessOptions): ParityCase {
  const f = preprocessInk(unpackToInk(strokes), preprocess);
  return { text, strokes: strokes.map((q) => Array.from(q)), steps: f.steps, features: Array.from(f.features, (v) => Number(v.toPrecision(7))) };
}
