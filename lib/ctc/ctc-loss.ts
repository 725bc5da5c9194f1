import { checkShape } from "./check-shape";
import { CtcError } from "./ctc-error";
import { logAdd } from "./log-add";
import { logSoftmaxRows, type Scores } from "./log-softmax";

export interface CtcLossResult {
  /** Negative log-likelihood −log p(labels | logits); Infinity when infeasible. */
  loss: number;
  /** d loss / d logits, row-major [T, C]: softmax − occupancy posterior; all zero when infeasible. */
  grad: Float32Array;
  /** False when no alignment has non-zero probability (too few frames, or a needed class at −Infinity). */
  feasible: boolean;
}

/** Frames needed to emit `labels`: one per label plus a separating blank between equal neighbours. */
export function minFramesFor(labels: ArrayLike<number>): number {
  let need = labels.length;
  for (let i = 1; i < labels.length; i++) if (labels[i] === labels[i - 1]) need++;
  return need;
}

// Scratch reused across calls so that training steps do not allocate per sample; grown on demand.
let logProbScratch: Float64Array = new Float64Array(0);
let alphaScratch: Float64Array = new Float64Array(0);
const grow = (buf: Float64Array, n: number): Float64Array => (buf.length >= n ? buf : new Float64Array(Math.max(n, buf.length * 2)));

/**
 * CTC loss and its gradient with respect to the logits, for one sample.
 *
 * `logits` is row-major [T, C] (pre-softmax); log-softmax is taken internally in float64.
 * `labels` are class indices, never the blank. The forward (alpha) lattice is kept whole; the
 * backward (beta) pass runs in two rows and folds the occupancy into the gradient as it goes, so
 * memory is T·(2L+1) + T·C doubles. Everything is in log space, so long inputs do not underflow.
 */
export function ctcLossAndGrad(
  logits: Scores,
  T: number,
  C: number,
  labels: ArrayLike<number>,
  blank: number,
  gradOut?: Float32Array,
): CtcLossResult {
  checkShape("ctcLossAndGrad", logits, T, C, blank);
  const L = labels.length;
  for (let i = 0; i < L; i++) {
    const l = labels[i];
    if (!Number.isInteger(l) || l < 0 || l >= C) {
      throw new CtcError(`ctcLossAndGrad: label ${i} is ${l}, outside the classes [0, ${C})`);
    }
    if (l === blank) throw new CtcError(`ctcLossAndGrad: label ${i} is the blank index ${blank}`);
  }
  if (gradOut && gradOut.length < T * C) {
    throw new CtcError(`ctcLossAndGrad: gradOut holds ${gradOut.length} values, needs T*C = ${T * C}`);
  }
  const grad = gradOut ?? new Float32Array(T * C);
  grad.fill(0, 0, T * C);

  if (T === 0) return L === 0 ? { loss: 0, grad, feasible: true } : { loss: Infinity, grad, feasible: false };
  if (T < minFramesFor(labels)) return { loss: Infinity, grad, feasible: false };

  logProbScratch = grow(logProbScratch, T * C);
  const lp = logSoftmaxRows(logits, T, C, logProbScratch, "ctcLossAndGrad: logits");

  const S = 2 * L + 1;
  // ext(s): the class of extended-label position s (blanks at even positions).
  const ext = new Int32Array(S);
  for (let s = 0; s < S; s++) ext[s] = s & 1 ? labels[(s - 1) >> 1] : blank;
  // skip[s]: s may be entered from s−2 (a label that differs from the label before the blank).
  const skip = new Uint8Array(S);
  for (let s = 2; s < S; s++) skip[s] = ext[s] !== blank && ext[s] !== ext[s - 2] ? 1 : 0;

  alphaScratch = grow(alphaScratch, T * S);
  const alpha = alphaScratch;
  alpha.fill(-Infinity, 0, T * S);
  alpha[0] = lp[blank];
  if (S > 1) alpha[1] = lp[ext[1]];
  for (let t = 1; t < T; t++) {
    const prev = (t - 1) * S;
    const cur = t * S;
    const row = t * C;
    // Only positions from which the end is still reachable and which are reachable from the start.
    const lo = Math.max(0, S - 2 * (T - t));
    const hi = Math.min(S - 1, 2 * t + 1);
    for (let s = lo; s <= hi; s++) {
      let a = alpha[prev + s];
      if (s >= 1) a = logAdd(a, alpha[prev + s - 1]);
      if (skip[s]) a = logAdd(a, alpha[prev + s - 2]);
      alpha[cur + s] = a === -Infinity ? a : a + lp[row + ext[s]];
    }
  }
  const last = (T - 1) * S;
  const logZ = S > 1 ? logAdd(alpha[last + S - 1], alpha[last + S - 2]) : alpha[last];
  if (!(logZ > -Infinity)) return { loss: Infinity, grad, feasible: false };

  // beta_t(s): log-prob of the remaining frames after t given position s at t (emission at t excluded).
  const beta = new Float64Array(S).fill(-Infinity);
  const occupancy = new Float64Array(C);
  beta[S - 1] = 0;
  if (S > 1) beta[S - 2] = 0;
  for (let t = T - 1; t >= 0; t--) {
    const row = t * C;
    const arow = t * S;
    occupancy.fill(0);
    for (let s = 0; s < S; s++) {
      const v = alpha[arow + s] + beta[s];
      if (v > -Infinity) occupancy[ext[s]] += Math.exp(v - logZ);
    }
    for (let k = 0; k < C; k++) grad[row + k] = Math.exp(lp[row + k]) - occupancy[k];
    if (t === 0) break;
    // beta_{t-1}(s) = logsumexp over s' in {s, s+1, s+2 if skip} of beta_t(s') + lp[t][ext(s')].
    // Done in place in ascending s: position s is overwritten only after s-1 and s-2 have read it.
    for (let s = 0; s < S; s++) if (beta[s] > -Infinity) beta[s] += lp[row + ext[s]];
    for (let s = 0; s < S; s++) {
      let b = beta[s];
      if (s + 1 < S) b = logAdd(b, beta[s + 1]);
      if (s + 2 < S && skip[s + 2]) b = logAdd(b, beta[s + 2]);
      beta[s] = b;
    }
  }
  return { loss: -logZ, grad, feasible: true };
}
