import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CharNgramLM, type CharNgramLMJson } from "./char-ngram-lm";
import { makeCharset } from "./charset";
import { Lexicon, type WordListJson } from "./lexicon";
import { gzipSync } from "node:zlib";
import { SHIPPED_LEXICON, SHIPPED_WORD_LM } from "./shipped-language-models-node";
import { WordNgramLM, type WordNgramLMJson } from "./word-ngram-lm";
import { PAGE_DECODING } from "@/app/components/write/recognition-settings";

const assets = join(__dirname, "assets");
const printable = makeCharset(Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(""));

describe("shipped English LM and word list", () => {
  it("the LM loads, says where it came from, and prefers English to a misreading", () => {
    const json = JSON.parse(readFileSync(join(assets, "lm-en.json"), "utf8")) as CharNgramLMJson;
    expect(json.source.corpus).toMatch(/SCOWL/);
    expect(json.source.licence).toMatch(/Kevin Atkinson/);
    const lm = CharNgramLM.fromJSON(json);
    expect(lm.order).toBe(6);
    for (const ch of printable.chars.slice(1)) expect(lm.symbolOf(ch)).toBeGreaterThanOrEqual(0);
    expect(lm.scoreText("hello world")).toBeGreaterThan(lm.scoreText("hcllo wotld") + 10);
    expect(lm.scoreText("The quick fox")).toBeGreaterThan(lm.scoreText("Tne qoick fex"));
  });

  it("the word list carries its licence and builds a lexicon over the printable-ASCII charset", () => {
    const text = readFileSync(join(assets, "words-en.json"), "utf8");
    const json = JSON.parse(text) as WordListJson;
    expect(json.about.join("\n")).toMatch(/Copyright 2000-2016 by Kevin Atkinson/);
    expect(gzipSync(text).length).toBeLessThan(300 * 1024); // a third download next to the two LMs
    const lexicon = Lexicon.fromJSON(printable, json);
    expect(lexicon.wordCount).toBeGreaterThan(50_000);
    for (const w of ["the", "handwriting", "doesn't", "Monday", "recognition", "Sydney"]) expect(lexicon.has(w)).toBe(true);
    expect(lexicon.has("hcllo")).toBe(false);
    expect(() => Lexicon.fromJSON(printable, { about: [], words: [1, 2] } as unknown as WordListJson)).toThrow(/"words" array of strings/);
  });

  it("the word LM loads, says where it came from, stays small, sums to one and knows English word order", () => {
    const text = readFileSync(join(assets, "word-lm-en.json"), "utf8");
    expect(gzipSync(text).length).toBeLessThan(5 * 1024 * 1024); // the download budget
    const json = JSON.parse(text) as WordNgramLMJson;
    expect(json.source.corpus).toMatch(/Brown Corpus/);
    expect(json.source.licence).toMatch(/redistribution permitted/);
    const lm = WordNgramLM.fromJSON(json);
    expect(lm.order).toBe(3);
    expect(lm.vocabulary.length).toBeGreaterThan(20_000);
    for (const w of ["the", "The", "said", "world.", "don't"]) expect(lm.wordId(w)).toBeLessThan(lm.unknownWord);
    for (const history of [[], ["of"], ["in", "the"], ["Zinfindale,"]]) {
      let state = lm.initialState();
      for (const t of history) state = lm.nextState(state, lm.wordId(t));
      let sum = 0;
      for (let w = 0; w <= lm.unknownWord; w++) sum += Math.exp(lm.logProb(state, w));
      expect(sum).toBeCloseTo(1, 2); // log-probs are stored to 0.001 nats
    }
    expect(lm.scoreTokens("of the United States")).toBeGreaterThan(lm.scoreTokens("the of States United") + 5);
  });

  it("the Write page decodes with the shipped word LM and lexicon and weighs them", () => {
    // The worker imports the assets Node tools load (SHIPPED_WORD_LM, SHIPPED_LEXICON) and passes them with PAGE_DECODING.
    const worker = readFileSync(join(__dirname, "../../app/components/write/recognizer.worker.ts"), "utf8");
    expect(SHIPPED_WORD_LM).toBe("lib/ctc/assets/word-lm-en.json");
    expect(SHIPPED_LEXICON).toBe("lib/ctc/assets/words-en.json");
    expect(worker).toContain(`import("@/${SHIPPED_WORD_LM}")`);
    expect(worker).toContain(`import("@/${SHIPPED_LEXICON}")`);
    expect(worker).toMatch(/\.\.\.PAGE_DECODING, lm: decodingLm, wordLm, lexicon: decodingLexicon \}/);
    // With an adaptation, the same models made personal (lib/adapt/personal-lm.ts personalDecoding).
    expect(worker).toMatch(/\{ lm: decodingLm, lexicon: decodingLexicon \} = personalDecoding\(\{ lm, lexicon \}, message\.record\)/);
    expect(PAGE_DECODING.wordLmWeight).toBeGreaterThan(0);
    expect(PAGE_DECODING.oovWordPenalty).toBeGreaterThan(0); // what the lexicon lacks can still be read, word by word
    expect(Number.isFinite(PAGE_DECODING.oovWordPenalty)).toBe(true);
  });
});
