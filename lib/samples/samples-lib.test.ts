import { describe, expect, it } from "vitest";
import { makeCharset } from "../ctc/charset";
import { DEFAULT_CHARSET } from "../model/charset";
import { choosePrompt } from "./choose-prompt";
import { PROMPT_NOTES } from "./prompt-notes";
import { PROMPT_PHRASES } from "./prompt-phrases";
import { PROMPT_WORDS } from "./prompt-words";
import { charactersOutsideCharset, createSampleSubmissionSchema, SUBMISSION_LIMITS } from "./sample-submission-schema";
import { tarEntry } from "./tar-entry";
import { uniformChannels } from "./uniform-channels";

const body = (text: unknown) => ({
  id: "0b6f0c2e-5c3a-4b8e-9d7a-2f1e8c9b0a11",
  ink: { version: 1, strokes: [{ points: [{ x: 1, y: 2 }] }] },
  text,
  writerId: "writer-abcdefgh",
  source: "corrected",
  consent: true,
});

describe("sample submission schema", () => {
  it("trims and NFC-normalises the label before checking it", () => {
    const schema = createSampleSubmissionSchema(makeCharset("acfé "));
    const parsed = schema.parse(body("  cafe\u0301 ")); // "e" + combining acute → "é" (U+00E9)
    expect(parsed.text).toBe("caf\u00e9");
    // Without NFC the decomposed form would have been refused: "e" and U+0301 are not in the charset.
  });

  it("counts the length in characters, not UTF-16 units", () => {
    const schema = createSampleSubmissionSchema(makeCharset(["😀"]));
    expect(schema.safeParse(body("😀".repeat(200))).success).toBe(true);
    expect(schema.safeParse(body("😀".repeat(201))).success).toBe(false);
  });

  it("accepts a label of several lines, line breaks stored as \\n and each line trimmed", () => {
    const schema = createSampleSubmissionSchema(DEFAULT_CHARSET);
    expect(schema.parse(body("Dorothy\nEmma")).text).toBe("Dorothy\nEmma");
    expect(schema.parse(body(" first \r\n second\r third ")).text).toBe("first\nsecond\nthird");
    expect(schema.parse(body("a\u2028b\u2029c")).text).toBe("a\nb\nc");
    // A newline at either end is only whitespace, trimmed away.
    expect(schema.parse(body("\nDorothy\n")).text).toBe("Dorothy");
  });

  it("applies the length limit to each line and a larger one to the whole, and refuses empty lines", () => {
    const schema = createSampleSubmissionSchema(DEFAULT_CHARSET);
    const line = "a".repeat(SUBMISSION_LIMITS.maxLabelChars);
    expect(schema.safeParse(body(`${line}\n${line}`)).success).toBe(true); // 401 characters, each line within the limit
    const issues = (text: string) => schema.safeParse(body(text)).error?.issues.map((i) => i.message) ?? [];
    expect(issues(`${line}\n${line}b`)).toEqual([`line 2 of text is ${SUBMISSION_LIMITS.maxLabelChars + 1} characters; at most ${SUBMISSION_LIMITS.maxLabelChars} are allowed a line`]);
    expect(issues(`${line}b`)).toEqual([`text is ${SUBMISSION_LIMITS.maxLabelChars + 1} characters; at most ${SUBMISSION_LIMITS.maxLabelChars} are allowed`]);
    expect(issues(Array.from({ length: 6 }, () => line).join("\n"))).toEqual([`text is ${6 * 200 + 5} characters; at most ${SUBMISSION_LIMITS.maxNoteChars} are allowed in all`]);
    expect(issues(Array.from({ length: SUBMISSION_LIMITS.maxLabelLines + 1 }, () => "ab").join("\n"))).toEqual([`text has ${SUBMISSION_LIMITS.maxLabelLines + 1} lines; at most ${SUBMISSION_LIMITS.maxLabelLines} are allowed`]);
    expect(issues("milk\n  \neggs")).toEqual(["line 2 of text is empty; remove the empty line"]);
    // A newline is never an unknown character.
    expect(issues("milk\neggs ~")).toEqual([]);
  });

  it("lists each out-of-charset character once, in order", () => {
    expect(charactersOutsideCharset("naïve café ï", DEFAULT_CHARSET)).toEqual(["ï", "é"]);
    expect(charactersOutsideCharset("plain ASCII ~", DEFAULT_CHARSET)).toEqual([]);
  });
});

describe("choosePrompt", () => {
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;

  it("only offers texts the model can write, words and phrases both", () => {
    const kinds = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const prompt = choosePrompt({ words: PROMPT_WORDS, phrases: PROMPT_PHRASES, counts: new Map(), charset: DEFAULT_CHARSET, random });
      expect(charactersOutsideCharset(prompt.text, DEFAULT_CHARSET)).toEqual([]);
      kinds.add(prompt.kind);
    }
    expect(kinds).toEqual(new Set(["word", "phrase"]));
  });

  it("prefers characters the dataset lacks", () => {
    // Every character is common except q, z and the digits.
    const counts = new Map(DEFAULT_CHARSET.chars.filter(Boolean).map((c) => [c, /[qz0-9]/.test(c) ? 0 : 500] as [string, number]));
    const draws = Array.from({ length: 60 }, () => choosePrompt({ words: PROMPT_WORDS, phrases: PROMPT_PHRASES, counts, charset: DEFAULT_CHARSET, random }));
    const withRare = draws.filter((p) => /[qz0-9]/.test(p.text)).length;
    // Without preference about 1 in 10 prompts has one of them; with it nearly all do.
    expect(withRare / draws.length).toBeGreaterThan(0.8);
    expect(draws.filter((p) => /[qz0-9]/.test(p.text)).every((p) => /[qz0-9]/.test(p.focus[0]))).toBe(true);
  });

  it("never repeats the prompt to avoid, and works with a charset that has no words", () => {
    const digits = makeCharset("0123456789 :$.");
    const prompt = choosePrompt({ words: PROMPT_WORDS, phrases: ["10:30", "$5.00", "abc"], counts: new Map(), charset: digits, random, avoid: "10:30" });
    expect(prompt.text).toBe("$5.00");
    expect(() => choosePrompt({ words: ["abc"], phrases: [], counts: new Map(), charset: digits })).toThrow(/no prompt fits/);
  });

  it("the phrases use every character of the default charset", () => {
    const used = new Set(PROMPT_PHRASES.flatMap((p) => Array.from(p)));
    expect(DEFAULT_CHARSET.chars.filter((c) => c !== "" && !used.has(c))).toEqual([]);
  });
});

describe("uniformChannels", () => {
  it("keeps t and p only when every point has them", () => {
    const ink = { version: 1 as const, strokes: [{ points: [{ x: 1, y: 2, t: 0, p: 0.5 }] }, { points: [{ x: 3, y: 4, t: 9 }] }] };
    expect(uniformChannels(ink)).toEqual({ version: 1, strokes: [{ points: [{ x: 1, y: 2, t: 0 }] }, { points: [{ x: 3, y: 4, t: 9 }] }] });
  });
});

describe("tarEntry", () => {
  it("writes a ustar header with a valid checksum and long paths split into prefix and name", () => {
    const entry = tarEntry(`dir/${"w".repeat(60)}/${"i".repeat(50)}.inkml`, new TextEncoder().encode("hello"), 1_700_000_000);
    expect(entry.length).toBe(1024);
    const header = entry.subarray(0, 512);
    const text = (from: number, length: number) => new TextDecoder().decode(header.subarray(from, from + length)).replace(/\0.*$/s, "");
    expect(text(0, 100)).toBe(`${"i".repeat(50)}.inkml`);
    expect(text(345, 155)).toBe(`dir/${"w".repeat(60)}`);
    expect(parseInt(text(124, 12), 8)).toBe(5);
    const stored = parseInt(text(148, 8), 8);
    const copy = Uint8Array.from(header);
    copy.fill(0x20, 148, 156);
    expect(copy.reduce((a, b) => a + b, 0)).toBe(stored);
    expect(() => tarEntry("x".repeat(300), new Uint8Array(), 0)).toThrow(/too long/);
  });
});

describe("prompt notes", () => {
  it("are two or three short lines the submission schema accepts as they are", () => {
    const schema = createSampleSubmissionSchema(DEFAULT_CHARSET);
    for (const note of PROMPT_NOTES) {
      const lines = note.split("\n");
      expect(lines.length, note).toBeGreaterThanOrEqual(2);
      expect(lines.length, note).toBeLessThanOrEqual(3);
      for (const line of lines) expect(line.length, note).toBeLessThanOrEqual(24);
      expect(schema.parse(body(note)).text).toBe(note);
    }
  });

  it("are offered when asked for, and now and then otherwise", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const input = { words: PROMPT_WORDS, phrases: PROMPT_PHRASES, notes: PROMPT_NOTES, counts: new Map(), charset: DEFAULT_CHARSET, random };
    expect(choosePrompt({ ...input, kind: "note" })).toMatchObject({ kind: "note", text: expect.stringContaining("\n") });
    const kinds = Array.from({ length: 200 }, () => choosePrompt({ ...input, noteShare: 0.15 }).kind);
    const notes = kinds.filter((k) => k === "note").length;
    expect(notes).toBeGreaterThan(10);
    expect(notes).toBeLessThan(60);
    // Without notes, or with a share of 0, none.
    expect(Array.from({ length: 50 }, () => choosePrompt(input).kind)).not.toContain("note");
    // A note's focus is its rare characters, never the line break.
    expect(choosePrompt({ ...input, kind: "note" }).focus).not.toContain("\n");
  });
});
