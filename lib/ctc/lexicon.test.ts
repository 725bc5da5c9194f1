import { describe, expect, it } from "vitest";
import { encode, makeCharset } from "./charset";
import { Lexicon } from "./lexicon";
import { prefixBeamSearch } from "./prefix-beam-search";
import { logProbsFromRows } from "@/test-support/ctc";

const cs = makeCharset(" abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,'!?()-:\"");
const lexicon = Lexicon.fromText(cs, "# test words\nhello\nworld\ndon't\nI\na\nwell-known\ncafé\n");

/** Runs the lexicon automaton over a text: true when every step is allowed and the end is accepting. */
function accepts(lex: Lexicon, text: string): boolean {
  let state = lex.initialState();
  for (const k of encode(cs, text)) {
    state = lex.next(state, k);
    if (state < 0) return false;
  }
  return lex.isAccepting(state);
}

describe("Lexicon", () => {
  it("loads a word list, skipping comments and words the charset cannot write", () => {
    expect(lexicon.wordCount).toBe(6);
    expect(lexicon.skippedWords).toEqual(["café"]);
    expect(lexicon.has("Hello")).toBe(true);
    expect(lexicon.has("hell")).toBe(false);
  });

  it.each([
    "hello",
    "Hello",
    "HELLO",
    "hello world",
    "hello, world!",
    '"hello,"',
    "(don't)",
    "I",
    "well-known",
    "42",
    "3rd",
    "10:30",
    "12.5",
    "...",
    "hello 42 world",
    "a - a",
    "",
  ])("accepts %j", (text) => expect(accepts(lexicon, text)).toBe(true));

  it.each(["hel", "helo", "hEllo", "HeLLO", "hello2", "hello  world", " hello", "hello,x", "don'", "world hel", "(hel)"])(
    "rejects %j",
    (text) => expect(accepts(lexicon, text)).toBe(false),
  );

  it("matches case exactly when caseVariants is off", () => {
    const exact = Lexicon.fromWords(cs, ["Paris"], { caseVariants: false });
    expect(accepts(exact, "Paris")).toBe(true);
    expect(accepts(exact, "paris")).toBe(false);
    expect(accepts(exact, "PARIS")).toBe(false);
  });

  it("makes the beam search produce an in-vocabulary word while a number stays free", () => {
    const C = cs.chars.length;
    const idx = (ch: string) => (ch === "" ? 0 : encode(cs, ch)[0]);
    const frame = (probs: Record<string, number>) => {
      const row = new Array<number>(C).fill(0.001);
      for (const [ch, p] of Object.entries(probs)) row[idx(ch)] = p;
      return row;
    };
    // "helo 42": the double l is only faintly there (a blank between the two l's loses to a continued l).
    const rows = [
      frame({ h: 0.9 }),
      frame({ e: 0.9 }),
      frame({ l: 0.9 }),
      frame({ l: 0.55, "": 0.35 }),
      frame({ l: 0.6, "": 0.3 }),
      frame({ o: 0.9 }),
      frame({ " ": 0.9 }),
      frame({ "4": 0.9 }),
      frame({ "2": 0.9 }),
    ];
    const lp = logProbsFromRows(rows);
    expect(prefixBeamSearch(lp, rows.length, C, cs).candidates[0].text).toBe("helo 42");
    const r = prefixBeamSearch(lp, rows.length, C, cs, { lexicon });
    expect(r.candidates[0].text).toBe("hello 42");
    expect(r.candidates.every((c) => accepts(lexicon, c.text))).toBe(true);
    expect(r.alignment.map((a) => a.char).join("")).toBe("hello 42");
  });
});
