import { describe, it, expect } from "vitest";
import { selectedEvaluation, selectionScore, type EvalResult } from "./train";

const ev = (step: number, cer: number, heldOutCer: number | null, heldOutLoss: number | null = null): EvalResult => ({ step, cer, heldOutCer, heldOutLoss, wordCer: cer, wordWer: 0, wordAccuracy: 0, lineCer: cer, lineWer: 0 });

describe("model selection", () => {
  it("without held-out samples, keeps the lowest validation CER", () => {
    const h = [ev(0, 0.1, null), ev(10, 0.08, null), ev(20, 0.09, null)];
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.01 }).step).toBe(10);
  });

  it("with held-out new samples, keeps the lowest held-out CER among evaluations within the guard of the start", () => {
    const h = [ev(0, 0.1, 0.2), ev(10, 0.1005, 0.15), ev(20, 0.12, 0.1), ev(30, 0.099, 0.16)];
    // step 20 learns most but costs the base 20%: excluded; step 10 is within +1%.
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.01 }).step).toBe(10);
    expect(selectionScore(h[2], h[0], 0.01)).toBe(Infinity);
    // A looser guard lets step 20 in.
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.25 }).step).toBe(20);
  });

  it("breaks a held-out CER tie by the lower validation CER", () => {
    const h = [ev(0, 0.1, 0.02, 1.5), ev(10, 0.098, 0.0134, 1.2), ev(20, 0.1008, 0.0134, 0.9)];
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.01 }).step).toBe(10);
  });

  it("falls back to the start (the parent itself) when every later evaluation breaks the guard", () => {
    const h = [ev(0, 0.1, 0.2), ev(10, 0.2, 0.05)];
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.01 }).step).toBe(0);
  });
});
