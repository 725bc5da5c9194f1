import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CharNgramLM, type CharNgramLMJson } from "./char-ngram-lm";
import { makeCharset } from "./charset";
import { Lexicon } from "./lexicon";

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
    const text = readFileSync(join(assets, "words-en.txt"), "utf8");
    expect(text.slice(0, 2000)).toMatch(/Copyright 2000-2016 by Kevin Atkinson/);
    const lexicon = Lexicon.fromText(printable, text);
    expect(lexicon.wordCount).toBeGreaterThan(50_000);
    for (const w of ["the", "handwriting", "doesn't", "Monday", "recognition"]) expect(lexicon.has(w)).toBe(true);
    expect(lexicon.has("hcllo")).toBe(false);
  });
});
