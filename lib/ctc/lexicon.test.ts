import { describe, expect, it } from "vitest";
import { encode, makeCharset } from "./charset";
import { Lexicon } from "./lexicon";
import { prefixBeamSearch } from "./prefix-beam-search";
import { mulberry32 } from "../random/mulberry32";
import { logProbsFromRows } from "@/test-support/ctc";

const cs = makeCharset(" abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,'!?()-:\"/");
const lexicon = Lexicon.fromText(cs, "# test words\nhello\nworld\ndon't\nI\na\nwell-known\ncafé\n");

/** One frame's probabilities over the charset: the given characters ("" = blank), every other class 0.001. */
function frame(probs: Record<string, number>): number[] {
  const row = new Array<number>(cs.chars.length).fill(0.001);
  for (const [ch, p] of Object.entries(probs)) row[ch === "" ? cs.blank : encode(cs, ch)[0]] = p;
  return row;
}

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
    "hello-world",
    "Hello-World",
    "HELLO-world",
    "hello/world",
    "(hello-world),",
    "a-well-known",
    "hello- world",
    "",
  ])("accepts %j", (text) => expect(accepts(lexicon, text)).toBe(true));

  it.each(["hel", "helo", "hEllo", "HeLLO", "hello2", "hello  world", " hello", "hello,x", "don'", "world hel", "(hel)", "hel-world", "hello-wor", "hello.-world", "hello-World2"])(
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
    expect(prefixBeamSearch(lp, rows.length, cs.chars.length, cs).candidates[0].text).toBe("helo 42");
    const r = prefixBeamSearch(lp, rows.length, cs.chars.length, cs, { lexicon });
    expect(r.candidates[0].text).toBe("hello 42");
    expect(r.candidates.every((c) => accepts(lexicon, c.text))).toBe(true);
    expect(r.alignment.map((a) => a.char).join("")).toBe("hello 42");
  });

  it("withWords adds words to a copy and leaves the original as it was", () => {
    const more = lexicon.withWords(["Kafka", "hellos", "hello", "42nd", "flip-flop"]);
    expect(more.wordCount).toBe(lexicon.wordCount + 3); // "hello" was there; "42nd" cannot start a word
    expect(more.skippedWords).toEqual(["café", "42nd"]); // the original's, then its own
    for (const text of ["kafka", "Kafka", "KAFKA", "hellos", "hello", "flip-flop", "(kafka) hellos, world"]) expect(accepts(more, text)).toBe(true);
    for (const text of ["kafka", "hellos", "flip-flop"]) expect(accepts(lexicon, text)).toBe(false);
    expect(accepts(more, "kafk")).toBe(false);
    expect(lexicon.has("kafka")).toBe(false);
    expect(more.has("KAFKA")).toBe(true);
    // A copy of a copy has both sets of words; the first copy keeps only its own.
    const again = more.withWords(["zwei", "kafkaesque"]);
    for (const text of ["zwei", "kafka", "kafkaesque", "hello world"]) expect(accepts(again, text)).toBe(true);
    expect(accepts(more, "zwei") || accepts(more, "kafkaesque")).toBe(false);
    expect(again.wordCount).toBe(more.wordCount + 2);
  });

  it("withWords reads every text as a lexicon built from scratch with the same words does", () => {
    const baseWords = ["hello", "world", "don't", "a", "I", "well-known", "hell", "word"];
    const first = ["help", "hello-there", "Kafka", "wor"];
    const second = ["helps", "zwei", "kafkaesque", "w"];
    const copied = Lexicon.fromWords(cs, baseWords).withWords(first).withWords(second);
    const scratch = Lexicon.fromWords(cs, [...baseWords, ...first, ...second]);
    expect(copied.wordCount).toBe(scratch.wordCount);
    const rand = mulberry32(7);
    const alphabet = "helowrdkafzsipt' -,.IKWH2";
    for (let n = 0; n < 3000; n++) {
      const length = 1 + Math.floor(rand() * 12);
      let text = "";
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(rand() * alphabet.length)];
      expect(accepts(copied, text), text).toBe(accepts(scratch, text));
    }
    for (const w of [...baseWords, ...first, ...second, "helpx", "kafk"]) expect(copied.has(w), w).toBe(scratch.has(w));
  });

  describe("withOovEscape", () => {
    /** The soft automaton's verdict on a text and the cost it charges: null when forbidden. */
    function softCost(penalty: number, text: string): number | null {
      const soft = lexicon.withOovEscape(penalty);
      let state = soft.initialState();
      let cost = 0;
      for (const k of encode(cs, text)) {
        const next = soft.next(state, k);
        if (next < 0) return null;
        cost += soft.transitionCost!(state, k);
        state = next;
      }
      return soft.isAccepting(state) ? cost + soft.endCost!(state) : null;
    }

    it("charges nothing for what the lexicon accepts", () => {
      for (const text of ["hello world", "hello, world!", "(don't)", "hello 42 world", "HELLO"]) expect(softCost(5, text)).toBe(0);
    });

    it("charges the penalty once per token that leaves the lexicon, wherever it leaves", () => {
      expect(softCost(5, "helo")).toBe(-5); // a letter no word continues with
      expect(softCost(5, "hel")).toBe(-5); // the text ends half a word in
      expect(softCost(5, "hel world")).toBe(-5); // a space after half a word
      expect(softCost(5, "hEllo")).toBe(-5); // a case shape the lexicon does not allow
      expect(softCost(5, "U.S. hello")).toBe(-5); // letters after trailing punctuation
      expect(softCost(5, "Tibbs and helo world")).toBe(-15); // "and" is not in this lexicon either
      expect(softCost(2, "xyzzy plugh")).toBe(-4);
    });

    it("still forbids doubled and leading spaces", () => {
      expect(softCost(5, "hello  world")).toBeNull();
      expect(softCost(5, " hello")).toBeNull();
    });

    it("refuses a penalty that is not a finite number ≥ 0", () => {
      for (const p of [-1, NaN, Infinity]) expect(() => lexicon.withOovEscape(p)).toThrow(/penalty must be a finite number/);
    });

    it("lets the beam keep one word to the lexicon while the next one, which it lacks, is read as written", () => {
      // "helo Zork": the first word is a near miss of "hello", the second a name the lexicon lacks.
      const rows = [
        ...["h", "e", "l"].map((c) => frame({ [c]: 0.9 })),
        frame({ l: 0.55, "": 0.35 }),
        frame({ l: 0.6, "": 0.3 }),
        ...["o", " ", "Z", "o", "r", "k"].map((c) => frame({ [c]: 0.9 })),
      ];
      const lp = logProbsFromRows(rows);
      // The hard lexicon cannot write "Zork" at all; the soft one pays for it and keeps "hello".
      expect(prefixBeamSearch(lp, rows.length, cs.chars.length, cs, { lexicon }).candidates[0].text).not.toBe("hello Zork");
      const r = prefixBeamSearch(lp, rows.length, cs.chars.length, cs, { lexicon: lexicon.withOovEscape(4) });
      expect(r.candidates[0].text).toBe("hello Zork");
      expect(r.alignment.map((a) => a.char).join("")).toBe("hello Zork");
      // With no penalty the escape is free, and the beam reads the near miss as written too.
      expect(prefixBeamSearch(lp, rows.length, cs.chars.length, cs, { lexicon: lexicon.withOovEscape(0) }).candidates[0].text).toBe("helo Zork");
    });
  });
});
