/**
 * The pull of an adapted model's per-frame posteriors toward the base model's (KL-regularised
 * adaptation, as in speaker adaptation of acoustic models): with 50 samples, CTC alone lets the
 * model memorise those 50 words and drift on letters it never saw in them; KL(base ‖ adapted)
 * on the same frames keeps every frame's distribution near the base where the labels do not say
 * otherwise.
 *
 * Adds `weight` · ∂KL/∂logits = weight · (softmax(logits) − softmax(baseLogits)) to `grad`, row
 * by row over T frames of C classes, and returns weight · Σ_t KL(p_base,t ‖ p_t).
 */
export function addKlToBase(logits: Float32Array, baseLogits: Float32Array, T: number, C: number, weight: number, grad: Float32Array): number {
  if (logits.length < T * C || baseLogits.length < T * C || grad.length < T * C) {
    throw new Error(`addKlToBase: [T, C] = [${T}, ${C}] needs ${T * C} values; logits ${logits.length}, base ${baseLogits.length}, grad ${grad.length}`);
  }
  let kl = 0;
  const p = new Float64Array(C);
  const q = new Float64Array(C);
  for (let t = 0; t < T; t++) {
    const row = t * C;
    const logZp = logSoftmaxInto(logits, row, C, p);
    const logZq = logSoftmaxInto(baseLogits, row, C, q);
    for (let c = 0; c < C; c++) {
      const logP = logits[row + c] - logZp;
      const logQ = baseLogits[row + c] - logZq;
      kl += q[c] * (logQ - logP);
      grad[row + c] += weight * (p[c] - q[c]);
    }
  }
  return weight * kl;
}

/** Writes softmax(x[row .. row+C)) into `out` and returns the log-normaliser. */
function logSoftmaxInto(x: Float32Array, row: number, C: number, out: Float64Array): number {
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, x[row + c]);
  let sum = 0;
  for (let c = 0; c < C; c++) sum += out[c] = Math.exp(x[row + c] - max);
  for (let c = 0; c < C; c++) out[c] /= sum;
  return max + Math.log(sum);
}
