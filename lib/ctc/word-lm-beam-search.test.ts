import { describe, expect, it } from "vitest";
import { encode, makeCharset, type Charset } from "./charset";
import { prefixBeamSearch } from "./prefix-beam-search";
import { trainCharNgramLM } from "./train-char-ngram-lm";
import { trainWordNgramLM } from "./train-word-ngram-lm";
import { logProbsFromRows } from "@/test-support/ctc";

const cs = makeCharset(" acdeghilmnostxz");
const C = cs.chars.length;

/**
 * Frames that spell `text`, one peaked frame per character and a blank between, except that at
 * the positions in `confusions` the frame is split between two characters: `p` for the first
 * (the one written) and 1 − p − 0.02 for the second.
 */
function frames(charset: Charset, text: string, confusions: Record<number, [string, string, number]> = {}): Float32Array {
  const rows: number[][] = [];
  const peaked = (k: number) => Array.from({ length: C }, (_, j) => (j === k ? 0.9 : 0.1 / (C - 1)));
  [...text].forEach((ch, i) => {
    const conf = confusions[i];
    if (conf) {
      const [a, b, p] = conf;
      const row = Array.from({ length: C }, () => 0.02 / (C - 2));
      row[encode(charset, a)[0]] = p;
      row[encode(charset, b)[0]] = 1 - p - 0.02;
      rows.push(row);
    } else rows.push(peaked(encode(charset, ch)[0]));
    rows.push(peaked(charset.blank));
  });
  return logProbsFromRows(rows);
}

const lines = ["the cat sat on the mat", "a dog sat on a log", "the dog and the cat", "on the mat sat a cat", "the cat is on the mat"];
const wordLm = trainWordNgramLM(lines, { minWordCount: 1 });
const charLm = trainCharNgramLM([...lines, "six zoo taxes", "a lax tax"].map((text) => ({ text })), { order: 3 });

describe("prefixBeamSearch with a word LM", () => {
  it("prefers the likely word sequence when the frames hesitate between two spellings", () => {
    // The frames lean to "the cot sat" (o at 0.5 vs a at 0.46): the acoustics alone read "cot".
    const scores = frames(cs, "the cot sat", { 5: ["o", "a", 0.5] });
    const T = scores.length / C;
    expect(prefixBeamSearch(scores, T, C, cs, {}).candidates[0].text).toBe("the cot sat");
    const withWords = prefixBeamSearch(scores, T, C, cs, { wordLm, wordLmWeight: 1 });
    expect(withWords.candidates[0].text).toBe("the cat sat");
    expect(withWords.candidates.map((c) => c.text)).toContain("the cot sat"); // still among the alternatives
    for (const c of withWords.candidates) expect(Number.isFinite(c.score)).toBe(true);
    // The word sequence decides, not the single word: after "a", "dog" beats "cog"; "cat" also fits, but the frames say d/c.
    const dog = frames(cs, "a cog sat", { 2: ["c", "d", 0.5] });
    expect(prefixBeamSearch(dog, dog.length / C, C, cs, { wordLm, wordLmWeight: 1 }).candidates[0].text).toBe("a dog sat");
  });

  it("still reads a clearly written word the vocabulary lacks, and scores it through <unk> and the character LM", () => {
    const scores = frames(cs, "the zax sat");
    const T = scores.length / C;
    // Words seen once ("log", "is", "and") train the <unk> class, as rare words do in the real corpus.
    const wordLm = trainWordNgramLM(lines, { minWordCount: 2 });
    const r = prefixBeamSearch(scores, T, C, cs, { wordLm, wordLmWeight: 1, lm: charLm, lmWeight: 0.5 });
    expect(r.candidates[0].text).toBe("the zax sat");
    expect(wordLm.wordId("zax")).toBe(wordLm.unknownWord);
    // The language part of the score is λw per vocabulary word, and λw·<unk> + λc·(char LM spelling) for "zax".
    const top = r.candidates[0];
    let state = wordLm.initialState();
    let expected = 0;
    for (const t of ["the", "zax", "sat"]) {
      const w = wordLm.wordId(t);
      expected += wordLm.logProb(state, w);
      state = wordLm.nextState(state, w);
    }
    // λc·log Pc of "zax " (z, a, x, space after "the ").
    let cState = charLm.initialState();
    let zax = 0;
    [..."the zax "].forEach((ch, i) => {
      const s = charLm.symbolOf(ch);
      if (i >= 4) zax += charLm.logProb(cState, s);
      cState = charLm.nextState(cState, s);
    });
    expect(top.lmScore).toBeCloseTo(expected + 0.5 * zax, 4);
  });

  it("without a character LM, weight 0 decodes exactly as no word LM; a non-finite weight is refused", () => {
    const scores = frames(cs, "the cot sat", { 5: ["o", "a", 0.5] });
    const T = scores.length / C;
    const plain = prefixBeamSearch(scores, T, C, cs, { insertionBonus: 0.2 });
    const zero = prefixBeamSearch(scores, T, C, cs, { insertionBonus: 0.2, wordLm, wordLmWeight: 0 });
    expect(zero.candidates).toEqual(plain.candidates);
    expect(() => prefixBeamSearch(scores, T, C, cs, { wordLm, wordLmWeight: Number.NaN })).toThrow(/wordLmWeight/);
  });
});
