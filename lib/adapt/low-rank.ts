/**
 * The low-rank delta ΔW = A·B (A [rows, r], B [r, cols], row-major) and its gradients.
 * With G = ∂L/∂W for the merged weight W = W₀ + A·B:  ∂L/∂A = G·Bᵀ,  ∂L/∂B = Aᵀ·G.
 */

/** W += A·B (W is [rows, cols] at `wOffset` in `w`). */
export function addLowRank(w: Float32Array, wOffset: number, a: Float32Array, b: Float32Array, rows: number, cols: number, rank: number): void {
  for (let i = 0; i < rows; i++) {
    const row = wOffset + i * cols;
    for (let k = 0; k < rank; k++) {
      const aik = a[i * rank + k];
      if (aik === 0) continue;
      const bk = k * cols;
      for (let j = 0; j < cols; j++) w[row + j] += aik * b[bk + j];
    }
  }
}

/** dA = G·Bᵀ and dB = Aᵀ·G (overwritten), for G [rows, cols] at `gOffset` in `g`. */
export function lowRankGrads(
  g: Float32Array,
  gOffset: number,
  a: Float32Array,
  b: Float32Array,
  rows: number,
  cols: number,
  rank: number,
  dA: Float32Array,
  dB: Float32Array,
): void {
  dA.fill(0, 0, rows * rank);
  dB.fill(0, 0, rank * cols);
  for (let i = 0; i < rows; i++) {
    const row = gOffset + i * cols;
    for (let k = 0; k < rank; k++) {
      const bk = k * cols;
      const aik = a[i * rank + k];
      let s = 0;
      for (let j = 0; j < cols; j++) {
        const gij = g[row + j];
        s += gij * b[bk + j];
        dB[bk + j] += aik * gij;
      }
      dA[i * rank + k] = s;
    }
  }
}

/** The two low-rank products, so a caller can run them on the wasm GEMM (low-rank-wasm.ts) or these loops. */
export interface LowRankMath {
  addLowRank: typeof addLowRank;
  lowRankGrads: typeof lowRankGrads;
}

export const LOW_RANK_LOOPS: LowRankMath = { addLowRank, lowRankGrads };
