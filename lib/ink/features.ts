import type { Polyline } from "./polylines";
import { hypot } from "./hypot";

/**
 * The per-step feature vector, in order. Saved with the model so training and inference
 * can never disagree about what column means what.
 */
export const FEATURE_NAMES = ["dx", "dy", "y", "newStroke", "endStroke", "cosTurn", "sinTurn"] as const;
export const FEATURE_DIMS = FEATURE_NAMES.length;

/** Scale for offsets: in-stroke steps are ~0.1 heights, so ×4 keeps them near ±0.5 and a one-height gap near 4. */
const OFFSET_SCALE = 4;
/** Pen-up jumps further than this (scaled) all look alike: a new word or line begins. */
const OFFSET_CLIP = 8;
/** Vertical position beyond ±4 heights is a different line; clip so outliers cannot dominate. */
const Y_CLIP = 4;

const clip = (v: number, lim: number) => (v > lim ? lim : v < -lim ? -lim : v);

/**
 * Turns normalised, resampled polylines (units of writing height, centre line at y = 0)
 * into a [steps, FEATURE_DIMS] row-major feature matrix:
 *  - dx, dy: offset from the previous point, including the pen-up jump into a new stroke
 *    (the hover path is not recorded in most data, so the jump is all we know of it);
 *  - y: height relative to the centre line, which separates ascenders, descenders and
 *    punctuation position (',' vs '\'') that offsets alone only reveal by integration;
 *  - newStroke / endStroke: pen-down and pen-up events;
 *  - cosTurn, sinTurn: the turning angle at the point, a local curvature cue (0 at stroke ends).
 * No timestamps: most training data has none. `strokeOfStep` maps each step to its stroke.
 */
export function featuresFromPolylines(polylines: readonly Polyline[], strokeIndex: readonly number[]): {
  features: Float32Array;
  steps: number;
  strokeOfStep: Int32Array;
} {
  let steps = 0;
  for (const p of polylines) steps += p.length / 2;
  const features = new Float32Array(steps * FEATURE_DIMS);
  const strokeOfStep = new Int32Array(steps);
  let k = 0;
  let prevX = NaN, prevY = NaN;
  polylines.forEach((p, s) => {
    const n = p.length / 2;
    for (let i = 0; i < n; i++, k++) {
      const x = p[2 * i], y = p[2 * i + 1];
      const o = k * FEATURE_DIMS;
      const dx = Number.isNaN(prevX) ? 0 : x - prevX;
      const dy = Number.isNaN(prevY) ? 0 : y - prevY;
      features[o] = clip(dx * OFFSET_SCALE, OFFSET_CLIP);
      features[o + 1] = clip(dy * OFFSET_SCALE, OFFSET_CLIP);
      features[o + 2] = clip(y, Y_CLIP);
      features[o + 3] = i === 0 ? 1 : 0;
      features[o + 4] = i === n - 1 ? 1 : 0;
      if (i > 0 && i < n - 1) {
        const ax = x - p[2 * i - 2], ay = y - p[2 * i - 1];
        const bx = p[2 * i + 2] - x, by = p[2 * i + 3] - y;
        const na = hypot(ax, ay), nb = hypot(bx, by);
        if (na > 0 && nb > 0) {
          features[o + 5] = (ax * bx + ay * by) / (na * nb);
          features[o + 6] = (ax * by - ay * bx) / (na * nb);
        }
      }
      strokeOfStep[k] = strokeIndex[s];
      prevX = x;
      prevY = y;
    }
  });
  return { features, steps, strokeOfStep };
}
