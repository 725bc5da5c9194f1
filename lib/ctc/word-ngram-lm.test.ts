import { describe, expect, it } from "vitest";
import { makeCharset, encode } from "./charset";
import { CtcError } from "./ctc-error";
import { trainWordNgramLM } from "./train-word-ngram-lm";
import { WordNgramLM } from "./word-ngram-lm";
import { mulberry32 } from "../random/mulberry32";

const LINES = [
  "the cat sat on the mat.",
  "the dog sat on the log.",
  "a cat and a dog sat on the mat",
  "The cat saw the dog, and the dog saw the cat.",
  "on the mat the cat sat",
  "Alice saw a cat on a log",
  "the end of the story",
  "the cat sat on the mat.",
];

/** Σ_w P(w | h) over the vocabulary and <unk>. */
function mass(lm: WordNgramLM, history: string[]): number {
  let state = lm.initialState();
  for (const t of history) state = lm.nextState(state, lm.wordId(t));
  let sum = 0;
  for (let w = 0; w <= lm.unknownWord; w++) sum += Math.exp(lm.logProb(state, w));
  return sum;
}

describe("trainWordNgramLM / WordNgramLM", () => {
  it("every history's distribution over the vocabulary plus <unk> sums to one, pruned or not", () => {
    for (const options of [{ order: 3, minWordCount: 1 }, { order: 3, minWordCount: 2, minCounts: [2, 2] }, { order: 2 }]) {
      const lm = trainWordNgramLM(LINES, options);
      const vocab = lm.vocabulary;
      const rand = mulberry32(7);
      const histories = [[], ["the"], ["on", "the"], ["the", "cat"], ["zebra"], ["zebra", "the"], ["sat", "zebra"]];
      for (let i = 0; i < 20; i++) histories.push([vocab[Math.floor(rand() * vocab.length)], vocab[Math.floor(rand() * vocab.length)]]);
      for (const h of histories) expect(mass(lm, h)).toBeCloseTo(1, 6); // float32 log-probs
    }
  });

  it("keeps the probabilities through the serialised form (quantised to 0.001 nats) and refuses broken data", () => {
    const lm = trainWordNgramLM(LINES, { minWordCount: 1 });
    const json = JSON.parse(JSON.stringify(lm.toJSON({ corpus: "test lines" })));
    const back = WordNgramLM.fromJSON(json);
    expect(back.vocabulary).toEqual(lm.vocabulary);
    expect(back.nodeCount).toBe(lm.nodeCount);
    for (const h of [[], ["the"], ["on", "the"], ["zebra"]]) expect(mass(back, h)).toBeCloseTo(1, 2);
    expect(back.scoreTokens("the cat sat on the mat.")).toBeCloseTo(lm.scoreTokens("the cat sat on the mat."), 1);
    expect(() => WordNgramLM.fromJSON({ ...json, format: "nope" })).toThrow(CtcError);
    expect(() => WordNgramLM.fromJSON({ ...json, trie: json.trie.slice(0, 40) })).toThrow(/truncated|does not match/);
    expect(() => WordNgramLM.fromJSON({ ...json, nodeCount: json.nodeCount + 1 })).toThrow(CtcError);
  });

  it("backs unknown words off to the <unk> class, with a finite probability in any history", () => {
    const lm = trainWordNgramLM(LINES, { minWordCount: 2 });
    expect(lm.wordId("Alice")).toBe(lm.unknownWord); // seen once: below minWordCount
    expect(lm.wordId("zebra")).toBe(lm.unknownWord);
    expect(lm.wordId("cat")).toBeLessThan(lm.unknownWord);
    let state = lm.initialState();
    for (const t of ["zebra", "Alice", "12:30", "the"]) {
      const lp = lm.logProb(state, lm.wordId(t));
      expect(Number.isFinite(lp)).toBe(true);
      expect(lp).toBeLessThan(0);
      state = lm.nextState(state, lm.wordId(t));
    }
    // Rare tokens trained as <unk> give it real mass (not just the uniform floor).
    expect(Math.exp(lm.logProb(lm.initialState(), lm.unknownWord))).toBeGreaterThan(0.01);
    expect(Number.isFinite(lm.scoreTokens("zebra quagga okapi"))).toBe(true);
  });

  it("prefers a seen word sequence to the same words shuffled", () => {
    const lm = trainWordNgramLM(LINES, { minWordCount: 1 });
    expect(lm.scoreTokens("the cat sat on the mat.")).toBeGreaterThan(lm.scoreTokens("mat. the on sat cat the") + 5);
    // Context matters: "sat" is likelier after "cat" than after "the".
    const after = (h: string[]) => {
      let s = lm.initialState();
      for (const t of h) s = lm.nextState(s, lm.wordId(t));
      return lm.logProb(s, lm.wordId("sat"));
    };
    expect(after(["the", "cat"])).toBeGreaterThan(after(["on", "the"]));
  });

  it("spells its vocabulary in a charset's labels, skipping tokens the charset cannot write", () => {
    const cs = makeCharset(" abcdefghijklmnopqrstuvwxyz.,");
    const lm = trainWordNgramLM(LINES, { minWordCount: 1 });
    const trie = lm.spellingTrie(cs);
    const walk = (token: string) => encode(cs, token).reduce((n, k) => trie.next(n, k), 0);
    expect(trie.wordAt(walk("cat"))).toBe(lm.wordId("cat"));
    expect(trie.wordAt(walk("mat."))).toBe(lm.wordId("mat."));
    expect(trie.wordAt(walk("ca"))).toBe(-1); // a prefix only
    expect(walk("cxt")).toBe(-1);
    expect(lm.spellingTrie(cs)).toBe(trie); // built once per charset
    expect(() => trainWordNgramLM(["a <unk> b"])).toThrow(/reserved/);
    expect(() => trainWordNgramLM(LINES, { order: 9 })).toThrow(CtcError);
  });
});
