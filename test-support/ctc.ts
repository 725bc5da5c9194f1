/** Test support for lib/ctc: random logits and log-probabilities written as probability rows. */

/** Row-major [T, C] logits drawn uniformly from [-scale, scale]. */
export function randomLogits(rand: () => number, T: number, C: number, scale = 3): Float64Array {
  const out = new Float64Array(T * C);
  for (let i = 0; i < out.length; i++) out[i] = (rand() * 2 - 1) * scale;
  return out;
}

/** Builds [T, C] log-probabilities from per-frame probability rows (test matrices are written as probabilities). */
export function logProbsFromRows(rows: number[][]): Float32Array {
  const C = rows[0]?.length ?? 0;
  const out = new Float32Array(rows.length * C);
  rows.forEach((r, t) => r.forEach((p, k) => (out[t * C + k] = Math.log(p))));
  return out;
}
