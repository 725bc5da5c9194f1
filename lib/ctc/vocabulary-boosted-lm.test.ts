import { describe, it, expect } from "vitest";
import { trainCharNgramLM } from "./train-char-ngram-lm";
import { scoreText } from "./language-model";
import { VocabularyBoostedLM, vocabularyOf } from "./vocabulary-boosted-lm";

const base = trainCharNgramLM(["the cat sat", "a dog ran", "the end", "tea time"].map((text) => ({ text })), { order: 3, extraSymbols: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz~" });
const symbols = [...base.symbols.keys()].filter((i) => i !== base.symbolOf("<s>"));

describe("VocabularyBoostedLM", () => {
  const words = vocabularyOf(["Tacoma dog", "Tacoma"]);
  const lm = new VocabularyBoostedLM(base, words, 0.4);

  it("counts the writer's words", () => {
    expect(words).toEqual([{ word: "Tacoma", count: 2 }, { word: "dog", count: 1 }]);
    expect(lm.size).toBe(2);
  });

  it("is a normalised distribution in every state it reaches (inside a word, after leaving it, at a word start)", () => {
    let s = lm.initialState();
    for (const c of "Tac xyz d") {
      let total = 0;
      for (const k of symbols) total += Math.exp(lm.logProb(s, k));
      expect(total, `after a prefix ending before ${JSON.stringify(c)}`).toBeCloseTo(1, 4);
      s = lm.nextState(s, lm.symbolOf(c));
    }
  });

  it("prefers the writer's words; another word pays log(1 − λ) once, at its first letter; scores stay finite", () => {
    expect(scoreText(lm, "Tacoma")).toBeGreaterThan(scoreText(base, "Tacoma") + 5);
    expect(scoreText(lm, "xyz")).toBeCloseTo(scoreText(base, "xyz") + Math.log(0.6), 5);
    expect(Number.isFinite(scoreText(lm, "Tacoma Tacoma dog ~"))).toBe(true);
  });

  it("with weight 0 or no words it is the base model", () => {
    expect(scoreText(new VocabularyBoostedLM(base, words, 0), "Tacoma dog")).toBeCloseTo(scoreText(base, "Tacoma dog"), 6);
    expect(scoreText(new VocabularyBoostedLM(base, [], 0.5), "the cat")).toBeCloseTo(scoreText(base, "the cat"), 6);
    expect(() => new VocabularyBoostedLM(base, words, 1)).toThrow(/weight must be in \[0, 1\)/);
  });
});
