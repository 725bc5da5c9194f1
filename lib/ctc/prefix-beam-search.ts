import type { Charset } from "./charset";
import { checkDecoderInput } from "./check-decoder-input";
import { CtcError } from "./ctc-error";
import type { Candidate, DecodeResult } from "./decode-types";
import { forcedAlign } from "./forced-align";
import type { CharLanguageModel } from "./language-model";
import type { LexiconConstraint } from "./lexicon-constraint";
import { logAdd } from "./log-add";
import { logSoftmaxRows, type Scores } from "./log-softmax";
import type { WordNgramLM } from "./word-ngram-lm";

export interface PrefixBeamSearchOptions {
  /** Prefixes kept after each frame. */
  beamWidth?: number;
  /** Candidates returned (distinct texts). */
  nBest?: number;
  /** Character language model; its log-probability is added with weight lmWeight. */
  lm?: CharLanguageModel;
  lmWeight?: number;
  /**
   * Word n-gram LM, scored with weight wordLmWeight each time a token (the characters between
   * spaces) completes; see "Word LM" below for how it combines with the character LM.
   */
  wordLm?: WordNgramLM;
  wordLmWeight?: number;
  /**
   * Added per completed token with a word LM (a word insertion bonus): when wordLmWeight exceeds
   * lmWeight, the word LM charges each token more than the character LM charged its spelling, and
   * without this the beam would rather run words together than pay for a space.
   */
  wordBonus?: number;
  /** Added per emitted character; offsets the LM's bias toward short texts. */
  insertionBonus?: number;
  /**
   * Only label sequences the constraint accepts (a word lexicon) can be produced, and a soft
   * constraint's costs (transitionCost, endCost) are added to their language score.
   */
  lexicon?: LexiconConstraint;
  /** A class is tried at a frame only if its log-prob is within this of the frame's best. */
  pruneThreshold?: number;
  /** And only the this-many most likely non-blank classes per frame. */
  maxClassesPerFrame?: number;
  /** An extension is skipped when its score cannot come within this of the previous frame's best prefix plus this frame's best class. */
  beamThreshold?: number;
}

const positiveInt = (name: string, v: number) => {
  if (!Number.isInteger(v) || v < 1) throw new CtcError(`prefixBeamSearch: ${name} must be a positive integer, got ${v}`);
};
const finite = (name: string, v: number) => {
  if (!Number.isFinite(v)) throw new CtcError(`prefixBeamSearch: ${name} must be a finite number, got ${v}`);
};

/**
 * CTC prefix beam search in log space.
 *
 * Each prefix is a node of a trie over class indices (so the hot loop keys maps by integer id,
 * never by string), carrying the probability of ending in a blank (pb) and in its last label (pnb),
 * plus its LM score and lexicon state, both computed once when the node is created.
 * Scores may be logits or log-probabilities [T, C]; rows are normalised here.
 *
 * The alignment is the Viterbi alignment of the top candidate's labels (the beam scores sum over
 * alignments, so the single best one is recovered afterwards). With a lexicon, candidates must end
 * on an accepting state; if none does, the best unfinished ones are returned instead.
 *
 * Word LM. With `wordLm`, a text's language score is that of an open-vocabulary word model whose
 * unknown-word class is spelled by the character LM:
 *
 *   log P(text) = Σ over tokens t:  λw·log Pw(t | previous tokens)            if t is in the vocabulary
 *                                   λw·log Pw(<unk> | previous tokens) + λc·log Pc(t␣)   otherwise
 *
 * (t␣: the token's characters and the space or text end after it; λc = lmWeight, λw = wordLmWeight.)
 * While a token is being written nobody knows yet which case applies, so its prefix is scored by
 * the character LM, λc·log Pc(prefix): a look-ahead that keeps the beam's comparisons between
 * half-written words meaningful. When the token completes (a space is emitted, or the text ends)
 * and it is a vocabulary word, that look-ahead is taken back (minus the character LM's score of
 * the token and of the space after it) and λw·log Pw(t | h) is put in its place; an unknown token
 * keeps its spelling and adds λw·log Pw(<unk> | h); either way the token adds `wordBonus`.
 * With λw = λc and no word bonus this is a proper class-based model (up to the character LM's
 * mass on vocabulary spellings, a constant we leave out); separate weights let the two be tuned.
 * The word LM has no line-end term (a line of handwriting ends wherever the page does), and the
 * insertion bonus stays per character. Names, numbers and punctuation runs the word LM has never
 * seen are thus read exactly as before, with one <unk> cost per token.
 */
export function prefixBeamSearch(
  scores: Scores,
  T: number,
  C: number,
  charset: Charset,
  options: PrefixBeamSearchOptions = {},
): DecodeResult {
  checkDecoderInput("prefixBeamSearch", scores, T, C, charset);
  const {
    beamWidth = 16,
    nBest = 5,
    lm,
    lmWeight = lm ? 0.5 : 0,
    insertionBonus = 0,
    lexicon,
    wordLm,
    wordLmWeight = wordLm ? 0.5 : 0,
    wordBonus = 0,
    pruneThreshold = 8,
    maxClassesPerFrame = 16,
    beamThreshold = 16,
  } = options;
  positiveInt("beamWidth", beamWidth);
  positiveInt("nBest", nBest);
  positiveInt("maxClassesPerFrame", maxClassesPerFrame);
  finite("lmWeight", lmWeight);
  finite("insertionBonus", insertionBonus);
  finite("wordLmWeight", wordLmWeight);
  finite("wordBonus", wordBonus);
  if (!(beamThreshold > 0)) throw new CtcError(`prefixBeamSearch: beamThreshold must be positive, got ${beamThreshold}`);
  if (!(pruneThreshold > 0)) throw new CtcError(`prefixBeamSearch: pruneThreshold must be positive, got ${pruneThreshold}`);
  const { blank, chars } = charset;

  const lp = logSoftmaxRows(scores, T, C, new Float64Array(T * C), "prefixBeamSearch: scores");
  const lmSymbol = new Int32Array(C).fill(-1);
  if (lm) for (let k = 0; k < C; k++) if (k !== blank) lmSymbol[k] = lm.symbolOf(chars[k]);

  // Prefix trie. Node 0 is the empty prefix.
  const parent: number[] = [-1];
  const label: number[] = [-1];
  const lmState: number[] = [lm ? lm.initialState() : 0];
  const lmScore: number[] = [0];
  const lexState: number[] = [lexicon ? lexicon.initialState() : 0];
  // Word LM bookkeeping per node: the word LM state before the token being written, the token's
  // node in the vocabulary's spelling trie (−1: no vocabulary token starts so), its length so far,
  // and the weighted character-LM score of its characters (the look-ahead taken back when it completes).
  const spelling = wordLm ? wordLm.spellingTrie(charset) : undefined;
  const space = charset.chars.indexOf(" ");
  const wordState: number[] = [wordLm ? wordLm.initialState() : 0];
  const tokenNode: number[] = [0];
  const tokenLength: number[] = [0];
  const tokenLmScore: number[] = [0];
  /** λw·log Pw(token | h) + wordBonus, minus the token's character-LM look-ahead when it is a vocabulary word (the space's or end's own char-LM term is `endLp`). */
  const completeToken = (node: number, endLp: number): number => {
    const word = spelling!.wordAt(tokenNode[node]);
    const s = wordLmWeight * wordLm!.logProb(wordState[node], word) + wordBonus;
    return word >= 0 ? s - tokenLmScore[node] - endLp : s;
  };
  const children = new Map<number, number>(); // node * C + label → child node, or −1 if the lexicon forbids it

  const childOf = (node: number, k: number): number => {
    const key = node * C + k;
    const known = children.get(key);
    if (known !== undefined) return known;
    let lex = 0;
    if (lexicon) {
      lex = lexicon.next(lexState[node], k);
      if (lex < 0) {
        children.set(key, -1);
        return -1;
      }
    }
    const id = parent.length;
    parent.push(node);
    label.push(k);
    lexState.push(lex);
    let s = lmScore[node] + insertionBonus + (lexicon?.transitionCost?.(lexState[node], k) ?? 0);
    let charLp = 0;
    if (lm) {
      charLp = lmWeight * lm.logProb(lmState[node], lmSymbol[k]);
      s += charLp;
      lmState.push(lm.nextState(lmState[node], lmSymbol[k]));
    } else lmState.push(0);
    if (wordLm) {
      if (k === space) {
        if (tokenLength[node] > 0) {
          s += completeToken(node, charLp);
          wordState.push(wordLm.nextState(wordState[node], spelling!.wordAt(tokenNode[node])));
        } else wordState.push(wordState[node]); // a second space: no token in between
        tokenNode.push(0);
        tokenLength.push(0);
        tokenLmScore.push(0);
      } else {
        wordState.push(wordState[node]);
        tokenNode.push(spelling!.next(tokenNode[node], k));
        tokenLength.push(tokenLength[node] + 1);
        tokenLmScore.push(tokenLmScore[node] + charLp);
      }
    }
    lmScore.push(s);
    slotFrame.push(-1);
    slotIndex.push(0);
    children.set(key, id);
    return id;
  };

  // The beam, and the next frame's candidate slots (node → slot via slotOf).
  let beamNode = new Int32Array(beamWidth);
  let beamPb = new Float64Array(beamWidth);
  let beamPnb = new Float64Array(beamWidth);
  let beamSize = 1;
  beamNode[0] = 0;
  beamPb[0] = 0;
  beamPnb[0] = -Infinity;
  const slotCap = beamWidth * (maxClassesPerFrame + 2);
  const slotNode = new Int32Array(slotCap);
  const slotPb = new Float64Array(slotCap);
  const slotPnb = new Float64Array(slotCap);
  const slotScore = new Float64Array(slotCap);
  const order = new Int32Array(beamWidth); // this frame's best slots, best first
  // node → slot for the current frame: valid when slotFrame[node] === t (plain arrays indexed by node id, no Map).
  const slotFrame: number[] = [-1];
  const slotIndex: number[] = [0];
  let slotCount = 0;
  let frame = 0;
  const slotFor = (node: number): number => {
    if (slotFrame[node] === frame) return slotIndex[node];
    const s = slotCount++;
    slotFrame[node] = frame;
    slotIndex[node] = s;
    slotNode[s] = node;
    slotPb[s] = -Infinity;
    slotPnb[s] = -Infinity;
    return s;
  };
  const cand = new Int32Array(C);
  const candLp = new Float64Array(C);
  let nextNode = new Int32Array(beamWidth);
  let nextPb = new Float64Array(beamWidth);
  let nextPnb = new Float64Array(beamWidth);

  for (let t = 0; t < T; t++) {
    const row = t * C;
    let max = -Infinity;
    for (let k = 0; k < C; k++) if (lp[row + k] > max) max = lp[row + k];
    const floor = max - pruneThreshold;
    let nCand = 0;
    for (let k = 0; k < C; k++) {
      if (k === blank || lp[row + k] < floor) continue;
      // Insertion into a short list sorted by descending log-prob, capped at maxClassesPerFrame.
      const v = lp[row + k];
      let j = nCand < maxClassesPerFrame ? nCand++ : maxClassesPerFrame;
      if (j === maxClassesPerFrame && v <= candLp[j - 1]) continue;
      if (j === maxClassesPerFrame) j--;
      while (j > 0 && candLp[j - 1] < v) {
        cand[j] = cand[j - 1];
        candLp[j] = candLp[j - 1];
        j--;
      }
      cand[j] = k;
      candLp[j] = v;
    }
    const lpBlank = lp[row + blank];
    frame = t;
    slotCount = 0;
    // The beam is sorted best first, so its head bounds what any extension this frame can reach.
    const cutoff = logAdd(beamPb[0], beamPnb[0]) + lmScore[beamNode[0]] + max - beamThreshold;
    for (let i = 0; i < beamSize; i++) {
      const node = beamNode[i];
      const pb = beamPb[i];
      const pnb = beamPnb[i];
      const total = logAdd(pb, pnb);
      const self = slotFor(node);
      slotPb[self] = logAdd(slotPb[self], total + lpBlank);
      const last = label[node];
      if (last >= 0 && pnb > -Infinity) slotPnb[self] = logAdd(slotPnb[self], pnb + lp[row + last]);
      for (let j = 0; j < nCand; j++) {
        const k = cand[j];
        const from = k === last ? pb : total; // a repeated label needs a blank in between
        if (from + candLp[j] + lmScore[node] < cutoff) {
          if (k !== last) break; // classes are sorted by log-prob, so the rest fall short too
          continue;
        }
        const child = childOf(node, k);
        if (child < 0) continue;
        const s = slotFor(child);
        slotPnb[s] = logAdd(slotPnb[s], from + candLp[j]);
      }
    }
    // The best beamWidth slots, best first, ties in slot order (as a stable sort would leave them):
    // insertion into a short sorted list, which allocates nothing, where sorting every slot with
    // a comparator allocated a copy each frame (garbage the Write page's worker collects mid-reading).
    beamSize = 0;
    for (let s = 0; s < slotCount; s++) {
      const score = logAdd(slotPb[s], slotPnb[s]) + lmScore[slotNode[s]];
      slotScore[s] = score;
      if (beamSize === beamWidth && !(score > slotScore[order[beamSize - 1]])) continue;
      let j = beamSize < beamWidth ? beamSize++ : beamWidth - 1;
      while (j > 0 && slotScore[order[j - 1]] < score) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = s;
    }
    for (let i = 0; i < beamSize; i++) {
      const s = order[i];
      nextNode[i] = slotNode[s];
      nextPb[i] = slotPb[s];
      nextPnb[i] = slotPnb[s];
    }
    [beamNode, nextNode] = [nextNode, beamNode];
    [beamPb, nextPb] = [nextPb, beamPb];
    [beamPnb, nextPnb] = [nextPnb, beamPnb];
  }

  const finals: Array<Candidate & { accepting: boolean }> = [];
  for (let i = 0; i < beamSize; i++) {
    const node = beamNode[i];
    const acousticScore = logAdd(beamPb[i], beamPnb[i]);
    let lmTotal = lmScore[node];
    const endLp = lm ? lmWeight * lm.logProb(lmState[node], lm.endSymbol) : 0;
    lmTotal += endLp;
    if (wordLm && tokenLength[node] > 0) lmTotal += completeToken(node, endLp);
    if (lexicon?.endCost) lmTotal += lexicon.endCost(lexState[node]);
    const labels: number[] = [];
    for (let n = node; n > 0; n = parent[n]) labels.push(label[n]);
    labels.reverse();
    finals.push({
      text: labels.map((l) => chars[l]).join(""),
      labels,
      score: acousticScore + lmTotal,
      acousticScore,
      lmScore: lmTotal,
      accepting: lexicon ? lexicon.isAccepting(lexState[node]) : true,
    });
  }
  const accepted = finals.filter((c) => c.accepting);
  const pool = accepted.length > 0 ? accepted : finals;
  pool.sort((a, b) => b.score - a.score);
  const candidates: Candidate[] = pool.slice(0, nBest).map(({ accepting: _, ...c }) => c);
  const alignment = candidates.length ? (forcedAlign(lp, T, C, candidates[0].labels, blank, chars) ?? []) : [];
  return { candidates, alignment };
}
