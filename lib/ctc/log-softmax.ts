import { CtcError } from "./ctc-error";

/** Logits as produced by the model (Float32Array) or a float64 reference (tests, finite differences). */
export type Scores = Float32Array | Float64Array;

/**
 * Row-wise log-softmax of a row-major [T, C] matrix into `out` (float64 so the
 * forward-backward sums keep their precision). Works on logits and on log-probabilities alike
 * (log-softmax of log-probabilities is the identity), which is why decoders accept either.
 * Throws a CtcError naming the frame when a row holds NaN or +Infinity, or is all -Infinity.
 */
export function logSoftmaxRows(
  scores: Scores,
  T: number,
  C: number,
  out: Float64Array,
  what = "logits",
): Float64Array {
  for (let t = 0; t < T; t++) {
    const row = t * C;
    let max = -Infinity;
    for (let k = 0; k < C; k++) {
      const v = scores[row + k];
      if (v > max) max = v;
    }
    let sum = 0;
    for (let k = 0; k < C; k++) sum += Math.exp(scores[row + k] - max);
    const lse = max + Math.log(sum);
    if (!Number.isFinite(lse)) {
      throw new CtcError(
        `${what} frame ${t} is not usable (contains NaN or +Infinity, or every class is -Infinity)`,
      );
    }
    for (let k = 0; k < C; k++) out[row + k] = scores[row + k] - lse;
  }
  return out;
}
