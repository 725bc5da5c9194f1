/**
 * Adam over one flat parameter block (the optimiser runs on the caller's thread). The moments
 * are public so a checkpoint can save and restore them.
 */
export class Adam {
  m: Float32Array;
  v: Float32Array;
  t = 0;
  constructor(n: number, readonly beta1 = 0.9, readonly beta2 = 0.999, readonly eps = 1e-8) {
    this.m = new Float32Array(n);
    this.v = new Float32Array(n);
  }
  step(params: Float32Array, grads: Float32Array, lr: number): void {
    this.t++;
    const { m, v, beta1, beta2, eps } = this;
    const c1 = 1 - Math.pow(beta1, this.t), c2 = 1 - Math.pow(beta2, this.t);
    const a = (lr * Math.sqrt(c2)) / c1;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      params[i] -= (a * m[i]) / (Math.sqrt(v[i]) + eps);
    }
  }
}

/** Scales `grads` in place so their global L2 norm is at most `maxNorm`; returns the norm before (NaN/∞ when non-finite). */
export function clipGlobalNorm(grads: Float32Array, maxNorm: number): number {
  let norm = 0;
  for (let i = 0; i < grads.length; i++) norm += grads[i] * grads[i];
  norm = Math.sqrt(norm);
  if (Number.isFinite(norm) && norm > maxNorm) for (let i = 0; i < grads.length; i++) grads[i] *= maxNorm / norm;
  return norm;
}
