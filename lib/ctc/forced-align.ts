import type { AlignedChar } from "./decode-types";

/**
 * The single most likely CTC alignment (Viterbi) of `labels` to normalised log-probabilities
 * `lp` [T, C], as the frame span [start, end) of each label: the frames that emit it, repeats
 * included. Used to give a beam-search result (a sum over alignments) concrete frame spans.
 * Returns null when the labels cannot be aligned in T frames.
 */
export function forcedAlign(
  lp: Float64Array,
  T: number,
  C: number,
  labels: ArrayLike<number>,
  blank: number,
  chars: readonly string[],
): AlignedChar[] | null {
  const L = labels.length;
  if (L === 0) return [];
  const S = 2 * L + 1;
  const cls = (s: number) => (s & 1 ? labels[(s - 1) >> 1] : blank);
  let prev = new Float64Array(S).fill(-Infinity);
  let cur = new Float64Array(S);
  const from = new Uint8Array(T * S); // how far back (0, 1, 2 positions) the best predecessor lies
  prev[0] = lp[blank];
  prev[1] = lp[labels[0]];
  for (let t = 1; t < T; t++) {
    for (let s = 0; s < S; s++) {
      let best = prev[s];
      let step = 0;
      if (s >= 1 && prev[s - 1] > best) {
        best = prev[s - 1];
        step = 1;
      }
      if (s >= 2 && (s & 1) === 1 && cls(s) !== cls(s - 2) && prev[s - 2] > best) {
        best = prev[s - 2];
        step = 2;
      }
      cur[s] = best === -Infinity ? best : best + lp[t * C + cls(s)];
      from[t * S + s] = step;
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  let s = S === 1 || prev[S - 1] >= prev[S - 2] ? S - 1 : S - 2;
  if (prev[s] === -Infinity) return null;
  const spans: AlignedChar[] = Array.from({ length: L }, (_, i) => ({ char: chars[labels[i]], index: i, start: -1, end: -1 }));
  for (let t = T - 1; t >= 0; t--) {
    if (s & 1) {
      const span = spans[(s - 1) >> 1];
      if (span.end < 0) span.end = t + 1;
      span.start = t;
    }
    if (t > 0) s -= from[t * S + s];
  }
  return spans;
}
