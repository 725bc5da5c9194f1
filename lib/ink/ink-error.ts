/** A clear, user-facing error about an ink value that cannot be processed. */
export class InkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InkError";
  }
}
