import type { Charset } from "./charset";
import { checkDecoderInput } from "./check-decoder-input";
import { CtcError } from "./ctc-error";
import type { AlignedChar, DecodeResult } from "./decode-types";
import type { Scores } from "./log-softmax";

/**
 * Best-path decoding: the most likely class per frame, repeats collapsed, blanks dropped.
 * Accepts logits or log-probabilities [T, C] (each row is normalised here, so the score is the
 * best path's log-probability either way); not plain probabilities. T = 0 gives the empty text.
 */
export function greedyDecode(scores: Scores, T: number, C: number, charset: Charset): DecodeResult {
  checkDecoderInput("greedyDecode", scores, T, C, charset);
  const { blank, chars } = charset;
  const labels: number[] = [];
  const alignment: AlignedChar[] = [];
  let score = 0;
  let prevClass = -1;
  for (let t = 0; t < T; t++) {
    const row = t * C;
    let best = 0;
    let max = -Infinity;
    for (let k = 0; k < C; k++) {
      const v = scores[row + k];
      if (v > max) {
        max = v;
        best = k;
      }
    }
    let sum = 0;
    for (let k = 0; k < C; k++) sum += Math.exp(scores[row + k] - max);
    if (!Number.isFinite(max + Math.log(sum))) {
      throw new CtcError(`greedyDecode: frame ${t} is not usable (contains NaN or +Infinity, or every class is -Infinity)`);
    }
    score -= Math.log(sum); // log-softmax of the max element
    if (best !== blank) {
      if (best === prevClass) alignment[alignment.length - 1].end = t + 1;
      else {
        alignment.push({ char: chars[best], index: labels.length, start: t, end: t + 1 });
        labels.push(best);
      }
    }
    prevClass = best;
  }
  const text = labels.map((l) => chars[l]).join("");
  return { candidates: [{ text, labels, score, acousticScore: score, lmScore: 0 }], alignment };
}
