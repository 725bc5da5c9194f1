import { describe, expect, it } from "vitest";
import { etaSeconds, runEstimate } from "./run-eta";
import { RunProgressSchema, type RunProgress } from "./run-progress";

const T0 = Date.UTC(2026, 0, 1);
const progress = (p: Partial<RunProgress>): RunProgress => ({ ...RunProgressSchema.parse({}), ...p });

describe("etaSeconds", () => {
  it("divides the steps left by the average rate since training began", () => {
    // 100 steps in 50 s: 2 steps/s; 300 left → 150 s.
    expect(etaSeconds({ step: 0, atMs: T0 }, { step: 100, atMs: T0 + 50_000 }, 400)).toBe(150);
    // Resumed at step 200: only the steps of this attempt count toward the rate.
    expect(etaSeconds({ step: 200, atMs: T0 }, { step: 250, atMs: T0 + 10_000 }, 400)).toBe(30);
  });

  it("counts down between updates, never below zero", () => {
    const since = { step: 0, atMs: T0 };
    const latest = { step: 100, atMs: T0 + 50_000 };
    expect(etaSeconds(since, latest, 400, T0 + 60_000)).toBe(140);
    expect(etaSeconds(since, latest, 400, T0 + 10_000_000)).toBe(0);
    expect(etaSeconds(since, { step: 400, atMs: T0 + 50_000 }, 400)).toBe(0);
    expect(etaSeconds(since, { step: 450, atMs: T0 + 50_000 }, 400)).toBe(0);
  });

  it("has no answer without a rate or a target", () => {
    expect(etaSeconds({ step: 5, atMs: T0 }, { step: 5, atMs: T0 + 1000 }, 400)).toBeNull();
    expect(etaSeconds({ step: 0, atMs: T0 }, { step: 5, atMs: T0 }, 400)).toBeNull();
    expect(etaSeconds({ step: 0, atMs: T0 }, { step: 5, atMs: T0 + 1000 }, 0)).toBeNull();
  });
});

describe("runEstimate", () => {
  const training = progress({ phase: "training", step: 100, totalSteps: 400, trainingSince: { step: 0, atMs: T0 }, stepAtMs: T0 + 50_000, etaSec: 999 });

  it("shows the share of steps done and the time left while training", () => {
    expect(runEstimate("running", training, T0 + 50_000)).toEqual({ fraction: 0.25, etaSec: 150, stage: "training" });
    expect(runEstimate("running", training, T0 + 55_000).etaSec).toBe(145);
  });

  it("falls back to the job's own estimate for runs recorded without trainingSince", () => {
    expect(runEstimate("running", { ...training, trainingSince: null }, T0).etaSec).toBe(999);
  });

  it("has no fraction before the work is known and no ETA once training is over", () => {
    expect(runEstimate("queued", progress({}), T0)).toEqual({ fraction: null, etaSec: null, stage: "waiting for its turn" });
    expect(runEstimate("running", progress({ phase: "loading", totalSteps: 400 }), T0)).toEqual({ fraction: null, etaSec: null, stage: "loading data" });
    expect(runEstimate("running", { ...training, phase: "evaluating" }, T0)).toEqual({ fraction: 1, etaSec: null, stage: "scoring the new weights" });
    expect(runEstimate("succeeded", { ...training, phase: "done", step: 400 }, T0)).toEqual({ fraction: 1, etaSec: null, stage: "finished" });
  });

  it("stops estimating a run that failed or was cancelled mid-training", () => {
    expect(runEstimate("cancelled", training, T0 + 50_000).etaSec).toBeNull();
    expect(runEstimate("failed", training, T0 + 50_000).fraction).toBe(1);
  });

  it("clamps the fraction to the bar", () => {
    expect(runEstimate("running", { ...training, step: 450 }, T0 + 50_000).fraction).toBe(1);
  });
});
