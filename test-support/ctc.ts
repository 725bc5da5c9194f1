/** Deterministic pseudo-random numbers for tests (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
