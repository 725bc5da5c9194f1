/**
 * A character language model as the beam search uses it: integer states and symbol ids, so that
 * scoring an extension costs no string work. States are opaque to the caller.
 */
export interface CharLanguageModel {
  /** The state at the start of a text (after the sentence-start marker). */
  initialState(): number;
  /** The symbol id of a character; -1 when the model has no such symbol (scored by its floor). */
  symbolOf(char: string): number;
  /** The end-of-text symbol id. */
  readonly endSymbol: number;
  /** Natural-log probability of `symbol` following `state`. */
  logProb(state: number, symbol: number): number;
  /** The state after `symbol` follows `state`. */
  nextState(state: number, symbol: number): number;
}

/** Natural-log probability of a whole text under any character LM, sentence end included. */
export function scoreText(lm: CharLanguageModel, text: string): number {
  let state = lm.initialState();
  let total = 0;
  for (const ch of text) {
    const s = lm.symbolOf(ch);
    total += lm.logProb(state, s);
    state = lm.nextState(state, s);
  }
  return total + lm.logProb(state, lm.endSymbol);
}
