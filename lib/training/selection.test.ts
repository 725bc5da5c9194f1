import { describe, it, expect } from "vitest";
import { selectedEvaluation, selectionRule, selectionScore, type EvalResult } from "./train";

const ev = (step: number, cer: number, heldOutCer: number | null, heldOutLoss: number | null = null): EvalResult => ({ step, cer, heldOutCer, heldOutLoss, wordCer: cer, wordWer: 0, wordAccuracy: 0, lineCer: cer, lineWer: 0 });

describe("model selection", () => {
  it("without held-out samples, keeps the lowest validation CER", () => {
    const h = [ev(0, 0.1, null), ev(10, 0.08, null), ev(20, 0.09, null)];
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.01 }).step).toBe(10);
  });

  it("with held-out new samples, keeps the lowest held-out loss among evaluations within the guard of the start", () => {
    const h = [ev(0, 0.1, 0.02, 0.7), ev(10, 0.1005, 0.02, 0.65), ev(20, 0.12, 0.01, 0.5), ev(30, 0.099, 0.02, 0.66)];
    // step 20 learns most but costs the base 20%: excluded; step 10 is within +1% and fits the new hands best.
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.01 }).step).toBe(10);
    expect(selectionScore(h[2], h[0], 0.01)).toBe(Infinity);
    // A looser guard lets step 20 in.
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.25 }).step).toBe(20);
    expect(selectionRule(h, { evalAtStart: true })).toBe("guarded-held-out-loss");
  });

  it("a held-out CER that ties (a few errors in a few dozen words) no longer hands the run back to the parent", () => {
    // bench-adapt's run: the held-out CER sat at 1.34% or 1.67% while the loss fell; the CER rule kept step 0.
    const h = [ev(0, 0.0773, 0.0134, 0.686), ev(23, 0.0774, 0.0134, 0.675), ev(46, 0.0792, 0.0167, 0.646), ev(189, 0.0773, 0.0167, 0.591)];
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.01 }).step).toBe(189);
  });

  it("an evaluation without a held-out loss never beats one with it", () => {
    const h = [ev(0, 0.1, 0.02, 0.7), ev(10, 0.1, 0.0, null)];
    expect(selectionScore(h[1], h[0], 0.01)).toBe(Infinity);
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.01 }).step).toBe(0);
  });

  it("a history saved before the loss was logged keeps the held-out CER rule, ties to the lower validation CER", () => {
    const h = [ev(0, 0.1, 0.02), ev(10, 0.098, 0.0134), ev(20, 0.1008, 0.0134), ev(30, 0.097, 0.015)];
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.01 }).step).toBe(10);
    expect(selectionRule(h, { evalAtStart: true })).toBe("guarded-held-out");
  });

  it("names the validation rule when nothing is held out or the start was not scored", () => {
    expect(selectionRule([ev(0, 0.1, null), ev(10, 0.09, null)], { evalAtStart: true })).toBe("validation");
    expect(selectionRule([ev(10, 0.1, 0.02, 0.5)], { evalAtStart: false })).toBe("validation");
  });

  it("falls back to the start (the parent itself) when every later evaluation breaks the guard", () => {
    const h = [ev(0, 0.1, 0.2, 0.9), ev(10, 0.2, 0.05, 0.3)];
    expect(selectedEvaluation(h, { evalAtStart: true, guardRel: 0.01 }).step).toBe(0);
  });
});
