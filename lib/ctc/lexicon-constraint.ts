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
}
