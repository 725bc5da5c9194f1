import { describe, expect, it } from "vitest";
import { encode, makeCharset } from "../ctc/charset";
import { Lexicon } from "../ctc/lexicon";
import { prefixBeamSearch } from "../ctc/prefix-beam-search";
import { logProbsFromRows } from "@/test-support/ctc";
import { personalDecoding, personalLexicon, personalLexiconWords, recordVocabulary, withDeviceVocabulary } from "./personal-lm";

const cs = makeCharset(" abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,'!?()-:\"/");
const shared = Lexicon.fromWords(cs, ["the", "half", "hat", "a"]);
const vocabulary = (...words: string[]) => ({ vocabulary: words.map((word) => ({ word, count: 1 })) });

/** One frame's probabilities over the charset: the given characters ("" = blank), every other class 0.001. */
function frame(probs: Record<string, number>): number[] {
  const row = new Array<number>(cs.chars.length).fill(0.001);
  for (const [ch, p] of Object.entries(probs)) row[ch === "" ? cs.blank : encode(cs, ch)[0]] = p;
  return row;
}

describe("the writer's words in the lexicon", () => {
  it("takes each token of the samples without the punctuation around it, and only tokens that start with a letter", () => {
    expect(personalLexiconWords(vocabulary('"Kafka,', "kafka", "(701)", "569-3249", "U.S.", "don't", "--", "x104"))).toEqual(["Kafka", "kafka", "U.S", "don't", "x104"]);
  });

  it("adds the writer's words to a copy of the shared lexicon, and leaves the shared one alone", () => {
    const personal = personalLexicon(shared, vocabulary("kafka.", "the"));
    expect(personal.has("kafka")).toBe(true);
    expect(personal.wordCount).toBe(shared.wordCount + 1);
    expect(shared.has("kafka")).toBe(false);
    expect(personalLexicon(shared, null)).toBe(shared);
    expect(personalLexicon(shared, vocabulary("The", "42"))).toBe(shared); // nothing new: no copy
  });

  it("reads a word the writer wrote before instead of the lexicon-free spelling the ink slightly prefers", () => {
    // "hafka" by a hair over "kafka": neither is in the shared lexicon, so both pay the OOV cost and the ink decides.
    const rows = [frame({ h: 0.5, k: 0.45 }), frame({ a: 0.9 }), frame({ f: 0.9 }), frame({ k: 0.9 }), frame({ a: 0.9 })];
    const lp = logProbsFromRows(rows);
    const read = (lexicon: Lexicon) => prefixBeamSearch(lp, rows.length, cs.chars.length, cs, { lexicon: lexicon.withOovEscape(5) }).candidates[0].text;
    expect(read(shared)).toBe("hafka");
    expect(read(personalLexicon(shared, vocabulary("Kafka")))).toBe("kafka");
  });

  it("personalDecoding: the shared LM and lexicon without a record, the lexicon with the writer's words with one", () => {
    const lm = { order: 1 } as unknown as Parameters<typeof personalDecoding>[0]["lm"];
    expect(personalDecoding({ lm, lexicon: shared }, null)).toEqual({ lm, lexicon: shared });
    const personal = personalDecoding({ lm, lexicon: shared }, vocabulary("kafka"));
    expect(personal.lm).toBe(lm); // the character-LM mixture is off by default (PERSONAL_VOCABULARY_WEIGHT 0)
    expect(personal.lexicon.has("kafka")).toBe(true);
  });

  it("gives a server-derived record (no words) the words of the samples this device keeps, and leaves a record with words alone", () => {
    const server = { origin: "server", ...vocabulary() };
    expect(withDeviceVocabulary(server, ["kafka", "Kafka Prague", "kafka"])).toEqual({ origin: "server", vocabulary: [{ word: "kafka", count: 2 }, { word: "Kafka", count: 1 }, { word: "Prague", count: 1 }] });
    expect(withDeviceVocabulary(server, [])).toBe(server);
    const own = vocabulary("hello");
    expect(withDeviceVocabulary(own, ["kafka"])).toBe(own);
  });

  it("keeps a record's vocabulary within its schema's limits", () => {
    const long = "x".repeat(201);
    expect(recordVocabulary([`ok ${long}`]).map((v) => v.word)).toEqual(["ok"]);
    expect(recordVocabulary([Array.from({ length: 10_050 }, (_, i) => `w${i}`).join(" ")])).toHaveLength(10_000);
  });
});
