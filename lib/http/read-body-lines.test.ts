import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readBodyLines, type BodyLine } from "./read-body-lines";

/** A stream that delivers `chunks` one by one, recording whether it was cancelled. */
function streamOf(chunks: (string | Uint8Array)[]) {
  const state = { cancelled: false };
  const encoder = new TextEncoder();
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) {
        const chunk = chunks[i++];
        controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      } else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

async function collect(lines: AsyncIterable<BodyLine>): Promise<BodyLine[]> {
  const out: BodyLine[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

const roomy = { maxBytes: 1_000, maxLineBytes: 100 };

describe("readBodyLines", () => {
  it("splits on newlines across chunk boundaries, numbering blank lines too and keeping a \\r", async () => {
    const { stream } = streamOf(["ab", "c\n\nde\r", "\nf"]);
    expect(await collect(readBodyLines(stream, roomy))).toEqual([
      { line: 1, text: "abc" },
      { line: 2, text: "" },
      { line: 3, text: "de\r" },
      { line: 4, text: "f" },
    ]);
  });

  it("has no line after a final newline, and none for an empty body", async () => {
    expect(await collect(readBodyLines(streamOf(["a\n"]).stream, roomy))).toEqual([{ line: 1, text: "a" }]);
    expect(await collect(readBodyLines(streamOf([]).stream, roomy))).toEqual([]);
  });

  it("decodes a multi-byte character split between chunks, and reports a line that is not UTF-8 without stopping", async () => {
    const e = new TextEncoder().encode("é");
    const { stream } = streamOf([new Uint8Array([0x78, e[0]]), new Uint8Array([e[1], 0x0a, 0xff, 0x0a]), "ok"]);
    expect(await collect(readBodyLines(stream, roomy))).toEqual([
      { line: 1, text: "xé" },
      { line: 2, problem: "not_utf8" },
      { line: 3, text: "ok" },
    ]);
  });

  it("drops a line over maxLineBytes as it arrives and goes on with the next", async () => {
    const { stream } = streamOf(["short\n", "x".repeat(60), "x".repeat(60), "\nafter", "\n", "y".repeat(101)]);
    expect(await collect(readBodyLines(stream, roomy))).toEqual([
      { line: 1, text: "short" },
      { line: 2, problem: "too_long" },
      { line: 3, text: "after" },
      { line: 4, problem: "too_long" },
    ]);
  });

  it("throws BodyTooLargeError once the body passes maxBytes, after the lines before it", async () => {
    const { stream, state } = streamOf(["one\n", "two\n", "three\n", "four\n"]);
    const seen: BodyLine[] = [];
    const reading = (async () => {
      for await (const line of readBodyLines(stream, { maxBytes: 10, maxLineBytes: 100 })) seen.push(line);
    })();
    await expect(reading).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(seen).toEqual([{ line: 1, text: "one" }, { line: 2, text: "two" }]);
    expect(state.cancelled).toBe(true);
  });

  it("cancels the stream when the reader stops early", async () => {
    const { stream, state } = streamOf(["a\n", "b\n", "c\n"]);
    for await (const line of readBodyLines(stream, roomy)) {
      expect(line).toEqual({ line: 1, text: "a" });
      break;
    }
    expect(state.cancelled).toBe(true);
  });
});
