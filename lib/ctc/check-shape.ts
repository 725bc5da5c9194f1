import { CtcError } from "./ctc-error";

/** Validates the [T, C] shape of a score matrix and its blank index; `who` names the caller in errors. */
export function checkShape(
  who: string,
  scores: ArrayLike<number>,
  T: number,
  C: number,
  blank: number,
): void {
  if (!Number.isInteger(T) || T < 0) throw new CtcError(`${who}: T must be a non-negative integer, got ${T}`);
  if (!Number.isInteger(C) || C < 1) throw new CtcError(`${who}: C must be a positive integer, got ${C}`);
  if (!Number.isInteger(blank) || blank < 0 || blank >= C) {
    throw new CtcError(`${who}: blank index ${blank} is outside [0, ${C})`);
  }
  if (scores.length < T * C) {
    throw new CtcError(`${who}: expected at least T*C = ${T * C} scores, got ${scores.length}`);
  }
}
