/** One decoded hypothesis. `score` is its log-probability: acoustic, plus the weighted LM and insertion bonus when used. */
export interface Candidate {
  text: string;
  labels: number[];
  score: number;
  /** log p(labels | frames) under CTC, summed over alignments (greedy: the single best path). */
  acousticScore: number;
  /** lmWeight·log p_LM(text) + insertionBonus·length (with a word LM, its part as prefixBeamSearch's "Word LM" says); 0 without an LM or bonus. */
  lmScore: number;
}

/** An emitted character of the top candidate and the frames [start, end) that emitted it (its repeats included). */
export interface AlignedChar {
  char: string;
  /** Position of the character in the candidate's label sequence. */
  index: number;
  start: number;
  end: number;
}

export interface DecodeResult {
  /** Best first; distinct texts. Empty only when no candidate survives (see the decoders). */
  candidates: Candidate[];
  /** Frame spans of the top candidate's characters, in order. */
  alignment: AlignedChar[];
}
