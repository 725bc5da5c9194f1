import { CtcError } from "./ctc-error";
import { ctcLossAndGrad } from "./ctc-loss";
import type { Scores } from "./log-softmax";

export type CtcReduction = "mean" | "sum" | "meanPerLabel";

export interface CtcBatchResult {
  /** The reduced loss over feasible samples (0 when none is feasible). */
  loss: number;
  /** Per-sample negative log-likelihood, unreduced; Infinity for infeasible samples. */
  losses: Float64Array;
  /** d loss / d logits for the reduced loss, row-major [B, Tmax, C]; zero past each input length and for infeasible samples. */
  grad: Float32Array;
  /** Samples that entered the loss. */
  feasibleCount: number;
  /** Samples skipped because their labels cannot be aligned in their frames. */
  infeasibleCount: number;
}

export interface CtcBatchOptions {
  /**
   * mean: average over feasible samples; sum: plain sum; meanPerLabel: average of
   * loss / max(1, label length), which keeps long lines from dominating a batch.
   */
  reduction?: CtcReduction;
  /** Reused output buffer, length ≥ B*Tmax*C. */
  gradOut?: Float32Array;
}

/**
 * CTC loss over a padded batch of logits [B, Tmax, C] (row-major) with per-sample input lengths.
 * Infeasible samples (labels longer than their frames allow) contribute neither loss nor gradient
 * and are counted, so one bad sample cannot turn a training step into Infinity or NaN.
 */
export function ctcBatchLossAndGrad(
  logits: Scores,
  B: number,
  Tmax: number,
  C: number,
  inputLengths: ArrayLike<number>,
  labels: ArrayLike<ArrayLike<number>>,
  blank: number,
  opts: CtcBatchOptions = {},
): CtcBatchResult {
  const reduction = opts.reduction ?? "mean";
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "meanPerLabel") {
    throw new CtcError(`ctcBatchLossAndGrad: unknown reduction "${String(reduction)}"`);
  }
  if (!Number.isInteger(B) || B < 0) throw new CtcError(`ctcBatchLossAndGrad: B must be a non-negative integer, got ${B}`);
  if (!Number.isInteger(Tmax) || Tmax < 0) throw new CtcError(`ctcBatchLossAndGrad: Tmax must be a non-negative integer, got ${Tmax}`);
  if (!Number.isInteger(C) || C < 1) throw new CtcError(`ctcBatchLossAndGrad: C must be a positive integer, got ${C}`);
  const stride = Tmax * C;
  if (logits.length < B * stride) {
    throw new CtcError(`ctcBatchLossAndGrad: expected B*Tmax*C = ${B * stride} logits, got ${logits.length}`);
  }
  if (inputLengths.length !== B) throw new CtcError(`ctcBatchLossAndGrad: ${inputLengths.length} input lengths for a batch of ${B}`);
  if (labels.length !== B) throw new CtcError(`ctcBatchLossAndGrad: ${labels.length} label sequences for a batch of ${B}`);
  if (opts.gradOut && opts.gradOut.length < B * stride) {
    throw new CtcError(`ctcBatchLossAndGrad: gradOut holds ${opts.gradOut.length} values, needs ${B * stride}`);
  }
  const grad = opts.gradOut ?? new Float32Array(B * stride);
  grad.fill(0, 0, B * stride);
  const losses = new Float64Array(B);
  const weights = new Float64Array(B);
  let feasibleCount = 0;

  for (let b = 0; b < B; b++) {
    const T = inputLengths[b];
    if (!Number.isInteger(T) || T < 0 || T > Tmax) {
      throw new CtcError(`ctcBatchLossAndGrad: input length ${T} of sample ${b} is outside [0, ${Tmax}]`);
    }
    const off = b * stride;
    const r = ctcLossAndGrad(logits.subarray(off, off + T * C), T, C, labels[b], blank, grad.subarray(off, off + T * C));
    losses[b] = r.loss;
    if (r.feasible) {
      feasibleCount++;
      weights[b] = reduction === "meanPerLabel" ? 1 / Math.max(1, labels[b].length) : 1;
    }
  }

  const denom = reduction === "sum" || feasibleCount === 0 ? 1 : feasibleCount;
  let loss = 0;
  for (let b = 0; b < B; b++) {
    if (weights[b] === 0) continue;
    const w = weights[b] / denom;
    loss += losses[b] * w;
    if (w !== 1) {
      const off = b * stride;
      for (let i = off, end = off + inputLengths[b] * C; i < end; i++) grad[i] *= w;
    }
  }
  return { loss, losses, grad, feasibleCount, infeasibleCount: B - feasibleCount };
}
