/** A clear error about a CTC input (shape, label, or non-finite value) that cannot be processed. */
export class CtcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CtcError";
  }
}
