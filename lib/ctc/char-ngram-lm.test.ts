import { describe, expect, it } from "vitest";
import { CharNgramLM } from "./char-ngram-lm";
import { CtcError } from "./ctc-error";
import { trainCharNgramLM } from "./train-char-ngram-lm";

const corpus = [
  { text: "the cat sat", weight: 3 },
  { text: "the hat", weight: 2 },
  { text: "that cat", weight: 1 },
  { text: "a bat", weight: 0.5 },
  { text: " then", startOfText: false, endOfText: false },
];

/** Σ over every predictable symbol of P(symbol | state): must be 1 for a proper model. */
function totalMass(lm: CharNgramLM, state: number): number {
  let sum = 0;
  lm.symbols.forEach((s, id) => {
    if (s !== "<s>") sum += Math.exp(lm.logProb(state, id));
  });
  return sum;
}

/** States reached along a text, the start state included. */
function statesAlong(lm: CharNgramLM, text: string): number[] {
  const states = [lm.initialState()];
  for (const ch of text) states.push(lm.nextState(states[states.length - 1], lm.symbolOf(ch)));
  return states;
}

describe("CharNgramLM", () => {
  for (const minCount of [0, 1.5]) {
    it(`is a normalised distribution in every state (minCount ${minCount})`, () => {
      const lm = trainCharNgramLM(corpus, { order: 4, minCount, extraSymbols: "xyz0123" });
      for (const text of ["the cat", "zzq", "that", " b"]) {
        for (const s of statesAlong(lm, text)) expect(totalMass(lm, s)).toBeCloseTo(1, 5);
      }
    });
  }

  it("prefers text like its corpus and scores incrementally the same as scoreText", () => {
    const lm = trainCharNgramLM(corpus, { order: 5, extraSymbols: "o" });
    expect(lm.scoreText("the cat")).toBeGreaterThan(lm.scoreText("the cot") + 1);
    expect(lm.scoreText("the cat")).toBeGreaterThan(lm.scoreText("tac eht") + 5);
    let state = lm.initialState();
    let total = 0;
    for (const ch of "the hat") {
      total += lm.logProb(state, lm.symbolOf(ch));
      state = lm.nextState(state, lm.symbolOf(ch));
    }
    expect(total + lm.logProb(state, lm.endSymbol)).toBeCloseTo(lm.scoreText("the hat"), 9);
  });

  it("gives characters outside its symbols the unknown log-prob instead of failing", () => {
    const lm = trainCharNgramLM(corpus, { order: 3, unknownLogProb: -20 });
    expect(lm.symbolOf("é")).toBe(-1);
    expect(lm.logProb(lm.initialState(), -1)).toBe(-20);
    expect(Number.isFinite(lm.scoreText("é"))).toBe(true);
  });

  it("round-trips through JSON with quantised scores", () => {
    const lm = trainCharNgramLM(corpus, { order: 5, minCount: 1 });
    const json = JSON.parse(JSON.stringify(lm.toJSON({ corpus: "test" })));
    const back = CharNgramLM.fromJSON(json);
    expect(back.nodeCount).toBe(lm.nodeCount);
    expect(json.source).toEqual({ corpus: "test" });
    for (const text of ["the cat", "a bat", "qq"]) expect(back.scoreText(text)).toBeCloseTo(lm.scoreText(text), 2);
  });

  it("rejects a wrong format, corrupt trie data and bad training options", () => {
    const json = trainCharNgramLM(corpus, { order: 3 }).toJSON();
    expect(() => CharNgramLM.fromJSON({ ...json, format: "other" as never })).toThrow(/format/);
    expect(() => CharNgramLM.fromJSON({ ...json, trie: json.trie.slice(0, 20) })).toThrow(CtcError);
    expect(() => CharNgramLM.fromJSON({ ...json, nodeCount: json.nodeCount + 1 })).toThrow(CtcError);
    expect(() => trainCharNgramLM(corpus, { order: 0 })).toThrow(/order/);
    expect(() => trainCharNgramLM([{ text: "a", weight: -1 }])).toThrow(/weight/);
  });
});
