import { describe, expect, it } from "vitest";
import { encode, makeCharset } from "./charset";
import { CtcError } from "./ctc-error";
import { ctcLossAndGrad } from "./ctc-loss";
import { greedyDecode } from "./greedy-decode";
import { prefixBeamSearch } from "./prefix-beam-search";
import { logProbsFromRows } from "@/test-support/ctc";
import { mulberry32 } from "../random/mulberry32";
import { trainCharNgramLM } from "./train-char-ngram-lm";

const abc = makeCharset("abc"); // blank 0, a 1, b 2, c 3

describe("greedyDecode", () => {
  it("collapses repeats, drops blanks, keeps a blank-separated repeat, and gives each character its frame span", () => {
    // argmax per frame: a a _ a b b _
    const rows = [
      [0.1, 0.7, 0.1, 0.1],
      [0.1, 0.6, 0.2, 0.1],
      [0.8, 0.1, 0.05, 0.05],
      [0.2, 0.5, 0.2, 0.1],
      [0.1, 0.1, 0.7, 0.1],
      [0.3, 0.1, 0.5, 0.1],
      [0.9, 0.05, 0.03, 0.02],
    ];
    const r = greedyDecode(logProbsFromRows(rows), rows.length, 4, abc);
    expect(r.candidates).toHaveLength(1);
    expect(r.candidates[0].text).toBe("aab");
    expect(r.candidates[0].labels).toEqual([1, 1, 2]);
    const bestPath = Math.log(0.7 * 0.6 * 0.8 * 0.5 * 0.7 * 0.5 * 0.9);
    expect(r.candidates[0].score).toBeCloseTo(bestPath, 5);
    expect(r.alignment).toEqual([
      { char: "a", index: 0, start: 0, end: 2 },
      { char: "a", index: 1, start: 3, end: 4 },
      { char: "b", index: 2, start: 4, end: 6 },
    ]);
  });

  it("gives the same text and score for logits as for log-probabilities", () => {
    const rows = [
      [0.1, 0.7, 0.1, 0.1],
      [0.6, 0.2, 0.1, 0.1],
    ];
    const lp = logProbsFromRows(rows);
    const logits = lp.map((v, i) => v + (i < 4 ? 5 : -3)); // a per-row shift leaves the softmax unchanged
    const a = greedyDecode(lp, 2, 4, abc).candidates[0];
    const b = greedyDecode(logits, 2, 4, abc).candidates[0];
    expect(b.text).toBe(a.text);
    expect(b.score).toBeCloseTo(a.score, 5);
  });

  it("returns the empty text for T = 0 and for all-blank frames", () => {
    expect(greedyDecode(new Float32Array(0), 0, 4, abc)).toEqual({
      candidates: [{ text: "", labels: [], score: 0, acousticScore: 0, lmScore: 0 }],
      alignment: [],
    });
    const allBlank = logProbsFromRows([[0.97, 0.01, 0.01, 0.01], [0.97, 0.01, 0.01, 0.01]]);
    expect(greedyDecode(allBlank, 2, 4, abc).candidates[0].text).toBe("");
  });

  it("rejects NaN and a charset that does not match C", () => {
    const bad = new Float32Array(8);
    bad[5] = NaN;
    expect(() => greedyDecode(bad, 2, 4, abc)).toThrow(/frame 1/);
    expect(() => greedyDecode(new Float32Array(10), 2, 5, abc)).toThrow(/charset has 4 classes/);
  });
});

describe("prefixBeamSearch", () => {
  it("finds the text whose alignments sum higher than the single best path", () => {
    // Two frames, p(blank) = 0.6, p(a) = 0.4 each: best path "__" → "" (0.36),
    // but "a" has paths aa, a_, _a summing to 0.16 + 0.24 + 0.24 = 0.64.
    const lp = logProbsFromRows([[0.6, 0.4, 0, 0].map((p) => p || 1e-12), [0.6, 0.4, 0, 0].map((p) => p || 1e-12)]);
    expect(greedyDecode(lp, 2, 4, abc).candidates[0].text).toBe("");
    const r = prefixBeamSearch(lp, 2, 4, abc);
    expect(r.candidates[0].text).toBe("a");
    expect(r.candidates[0].score).toBeCloseTo(Math.log(0.64), 5);
    expect(r.candidates[1].text).toBe("");
    expect(r.candidates[1].score).toBeCloseTo(Math.log(0.36), 5);
  });

  it("scores each candidate with the exact CTC probability when the beam is wide enough", () => {
    const rand = mulberry32(5);
    const T = 6;
    const C = 4;
    const logits = new Float32Array(T * C).map(() => rand() * 4 - 2);
    const r = prefixBeamSearch(logits, T, C, abc, { beamWidth: 200, nBest: 10, pruneThreshold: 50 });
    for (const c of r.candidates) expect(c.score).toBeCloseTo(-ctcLossAndGrad(logits, T, C, c.labels, 0).loss, 4);
  });

  it("returns distinct texts in descending score order", () => {
    const rand = mulberry32(9);
    const T = 30;
    const C = 4;
    const logits = new Float32Array(T * C).map(() => rand() * 6 - 3);
    const r = prefixBeamSearch(logits, T, C, abc, { beamWidth: 8, nBest: 6 });
    expect(r.candidates).toHaveLength(6);
    expect(new Set(r.candidates.map((c) => c.text)).size).toBe(6);
    for (let i = 1; i < r.candidates.length; i++) expect(r.candidates[i].score).toBeLessThanOrEqual(r.candidates[i - 1].score);
    expect(r.candidates[0].score).toBeGreaterThanOrEqual(greedyDecode(logits, T, C, abc).candidates[0].score - 1e-9);
  });

  it("aligns each character of the top candidate to the frames that emit it, a repeated letter included", () => {
    // b b _ a _ a a c: "baac"
    const p = (k: number) => [0, 1, 2, 3].map((j) => (j === k ? 0.9 : 0.1 / 3));
    const lp = logProbsFromRows([p(2), p(2), p(0), p(1), p(0), p(1), p(1), p(3)]);
    const r = prefixBeamSearch(lp, 8, 4, abc);
    expect(r.candidates[0].text).toBe("baac");
    expect(r.alignment).toEqual([
      { char: "b", index: 0, start: 0, end: 2 },
      { char: "a", index: 1, start: 3, end: 4 },
      { char: "a", index: 2, start: 5, end: 7 },
      { char: "c", index: 3, start: 7, end: 8 },
    ]);
  });

  it("handles T = 0 and all-blank input, and rejects NaN and bad options with a CtcError", () => {
    expect(prefixBeamSearch(new Float32Array(0), 0, 4, abc).candidates[0]).toMatchObject({ text: "", score: 0 });
    const allBlank = logProbsFromRows([[0.999, 0.0004, 0.0003, 0.0003]]);
    const r = prefixBeamSearch(allBlank, 1, 4, abc);
    expect(r.candidates[0].text).toBe("");
    expect(r.alignment).toEqual([]);
    const bad = new Float32Array(8);
    bad[2] = NaN;
    expect(() => prefixBeamSearch(bad, 2, 4, abc)).toThrow(/frame 0/);
    expect(() => prefixBeamSearch(new Float32Array(8), 2, 4, abc, { beamWidth: 0 })).toThrow(CtcError);
    expect(() => prefixBeamSearch(new Float32Array(8), 2, 4, abc, { lmWeight: NaN })).toThrow(/lmWeight/);
  });

  it("lets a character LM overturn an acoustically ambiguous reading", () => {
    const cs = makeCharset("acot");
    const C = cs.chars.length;
    const frame = (probs: Record<string, number>) =>
      cs.chars.map((ch, k) => (k === cs.blank ? probs[""] ?? 0.01 : probs[ch] ?? 0.01));
    // c, then a vs o with o slightly ahead, then t.
    const lp = logProbsFromRows([frame({ c: 0.96 }), frame({ "": 0.5, c: 0.47 }), frame({ o: 0.5, a: 0.46 }), frame({ t: 0.96 })]);
    const plain = prefixBeamSearch(lp, 4, C, cs).candidates;
    expect(plain[0].text).toBe("cot");
    const lm = trainCharNgramLM([{ text: "cat", weight: 5 }, { text: "tac" }, { text: "act" }], { order: 3, extraSymbols: "o" });
    const r = prefixBeamSearch(lp, 4, C, cs, { lm, lmWeight: 1 });
    expect(r.candidates[0].text).toBe("cat");
    expect(r.candidates[0].labels).toEqual(encode(cs, "cat"));
    const cat = r.candidates[0];
    expect(cat.score).toBeCloseTo(cat.acousticScore + cat.lmScore, 9);
    expect(cat.lmScore).toBeCloseTo(lm.scoreText("cat"), 5);
    expect(cat.acousticScore).toBeLessThan(plain[0].acousticScore);
  });
});
