/**
 * A constraint on which label sequences the beam may grow, as a deterministic automaton over
 * class indices. State −1 means rejected; `Lexicon` implements it.
 */
export interface LexiconConstraint {
  initialState(): number;
  /** The state after class `label`, or −1 when the constraint forbids it there. */
  next(state: number, label: number): number;
  /** Whether a text may end in this state (no word left half-written). */
  isAccepting(state: number): boolean;
  /**
   * Log-score (≤ 0) the beam adds when it takes `label` from `state` (where next() allows it);
   * absent means 0. A soft constraint charges here what a hard one would forbid.
   */
  transitionCost?(state: number, label: number): number;
  /** Log-score (≤ 0) of ending the text in an accepting `state`; absent means 0. */
  endCost?(state: number): number;
  /**
   * The same constraint with a way out: a token the lexicon lacks (a name, a code, a misspelt
   * word) may still be written, at `penalty` nats for that token, instead of being forbidden.
   */
  withOovEscape?(penalty: number): LexiconConstraint;
}
