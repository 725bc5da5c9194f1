import { concatBytes } from "./concat-bytes";
/** One line of a request body: its text (without the "\n"), or why it could not be read. */
export type BodyLine =
  | { readonly line: number; readonly text: string }
  | { readonly line: number; readonly problem: "too_long" | "not_utf8" };

/** The body went past `maxBytes` while it was being read (a missing or lying Content-Length). */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The body is larger than ${maxBytes} bytes.`);
    this.name = "BodyTooLargeError";
  }
}

export interface BodyLineLimits {
  /** The whole body, counted as it arrives. */
  readonly maxBytes: number;
  /** One line; a longer one is dropped as it arrives and reported as "too_long". */
  readonly maxLineBytes: number;
}

const NEWLINE = 0x0a;

/**
 * Reads a body as lines, in order and 1-based (blank lines included, so numbers match the file),
 * holding at most one line in memory. Lines are split on the "\n" byte, which never occurs
 * inside a multi-byte UTF-8 sequence, and each line is decoded on its own: a line that is not
 * UTF-8 is reported instead of ending the read. A "\r" before the "\n" is kept (joining the
 * lines with "\n" gives the body back). Throws BodyTooLargeError past `maxBytes`, and whatever
 * the stream throws (the client went away); the stream is cancelled when the caller stops early.
 */
export async function* readBodyLines(body: ReadableStream<Uint8Array>, limits: BodyLineLimits): AsyncGenerator<BodyLine> {
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let pieces: Uint8Array[] = [];
  let lineBytes = 0;
  let tooLong = false;
  let total = 0;
  let line = 0;
  const finishLine = (): BodyLine => {
    line++;
    const bytes = concatBytes(pieces);
    pieces = [];
    lineBytes = 0;
    if (tooLong) {
      tooLong = false;
      return { line, problem: "too_long" };
    }
    try {
      return { line, text: decoder.decode(bytes) };
    } catch {
      return { line, problem: "not_utf8" };
    }
  };
  const add = (piece: Uint8Array) => {
    if (tooLong || piece.byteLength === 0) return;
    if (lineBytes + piece.byteLength > limits.maxLineBytes) {
      tooLong = true;
      pieces = [];
      lineBytes = 0;
      return;
    }
    pieces.push(piece);
    lineBytes += piece.byteLength;
  };
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) throw new BodyTooLargeError(limits.maxBytes);
      let start = 0;
      for (let i = value.indexOf(NEWLINE); i >= 0; i = value.indexOf(NEWLINE, start)) {
        add(value.subarray(start, i));
        start = i + 1;
        yield finishLine();
      }
      add(value.subarray(start));
    }
    // The last line has no "\n" after it; a body ending in "\n" has no further line.
    if (lineBytes > 0 || tooLong) yield finishLine();
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

