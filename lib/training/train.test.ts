import { describe, it, expect } from "vitest";
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultTrainConfig, train, loadCheckpoint, MAX_SAMPLE_LOSS, frozenRanges } from "./train";
import { paramSpecs } from "../model/network";
import { defaultModelConfig } from "../model/config";
import { compactFromInk, type CompactSample } from "./dataset";
import { loadFixtureInks } from "../ink/fixtures";

// Real fixture inks; a tiny model so a few steps take well under a second each.
const fixtures = loadFixtureInks();
const samples: CompactSample[] = fixtures.map((f) => compactFromInk(f.id, f.text, f.writer, f.ink));
const words = samples.filter((s) => !s.text.includes(" ") && s.text.length <= 8);
const lines = samples.filter((s) => s.text.includes(" "));

const tinyConfig = (overrides = {}) =>
  defaultTrainConfig({
    model: defaultModelConfig({ layers: 1, units: 16, dropout: 0.1 }),
    workers: 1,
    evalEvery: 1000,
    checkpointEvery: 2,
    chunkSize: 64,
    batchFrames: 1500,
    maxBatch: 8,
    warmupSteps: 1,
    lr: 1e-2,
    ...overrides,
  });

const data = { train: [...words.slice(0, 12), ...lines.slice(0, 2)], valWords: words.slice(12, 15), valLines: lines.slice(2, 3) };

describe("train()", () => {
  it("lowers the CTC loss on real inks", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "inkwell-train-"));
    try {
      const losses: number[] = [];
      const cfg = tinyConfig({ maxSteps: 40, augment: false, syntheticLineShare: 0 });
      const result = await train(data, cfg, dir, { log: () => {}, onStep: (s) => losses.push(s.loss) });
      expect(result.state.step).toBe(40);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      // Each epoch visits the same samples, so compare whole epochs (first vs last 8 steps).
      expect(mean(losses.slice(-8))).toBeLessThan(0.7 * mean(losses.slice(0, 8)));
      expect(result.history.length).toBeGreaterThan(0);
      expect(Number.isFinite(result.history.at(-1)!.cer)).toBe(true);
      const log = readFileSync(path.join(dir, "log.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
      expect(log.some((l) => l.type === "eval")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("scores held-out samples with their CTC loss, which falls as the model learns them", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "inkwell-train-"));
    try {
      // Held out: four of the training words themselves, so 40 steps must lower their loss.
      const cfg = tinyConfig({ maxSteps: 40, evalEvery: 20, augment: false, syntheticLineShare: 0, evalAtStart: true });
      const result = await train({ ...data, heldOut: words.slice(0, 4) }, cfg, dir, { log: () => {} });
      const losses = result.history.map((h) => h.heldOutLoss);
      expect(losses.length).toBeGreaterThanOrEqual(2);
      for (const l of losses) expect(l).toBeGreaterThan(0);
      for (const l of losses) expect(l).toBeLessThanOrEqual(MAX_SAMPLE_LOSS);
      expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("frozen \"recurrent\" keeps every recurrent kernel to the bit while the other weights learn", async () => {
    const a = mkdtempSync(path.join(tmpdir(), "inkwell-train-a-"));
    const b = mkdtempSync(path.join(tmpdir(), "inkwell-train-b-"));
    try {
      await train(data, tinyConfig({ maxSteps: 2, augment: false }), a, { log: () => {} });
      const start = loadCheckpoint(path.join(a, "checkpoint")).params;
      const cfg = tinyConfig({ maxSteps: 6, augment: false, frozen: "recurrent" });
      await train(data, cfg, b, { log: () => {} }, { params: start.slice() });
      const end = loadCheckpoint(path.join(b, "checkpoint")).params;
      const ranges = frozenRanges(cfg.model, "recurrent");
      const specs = paramSpecs(cfg.model);
      expect(ranges).toEqual(specs.filter((s) => s.name.endsWith("/recurrent_kernel")).map((s) => [s.offset, s.size]));
      expect(ranges.length).toBe(2 * cfg.model.layers); // forward and backward of each layer
      for (const s of specs) {
        const before = start.subarray(s.offset, s.offset + s.size), after = end.subarray(s.offset, s.offset + s.size);
        const same = Buffer.from(before.slice().buffer).equals(Buffer.from(after.slice().buffer));
        expect(same, s.name).toBe(s.name.endsWith("/recurrent_kernel"));
      }
      expect(frozenRanges(cfg.model, "none")).toEqual([]);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  }, 120_000);

  it("resumes from a checkpoint to exactly the same weights as an uninterrupted run", async () => {
    const a = mkdtempSync(path.join(tmpdir(), "inkwell-train-a-"));
    const b = mkdtempSync(path.join(tmpdir(), "inkwell-train-b-"));
    try {
      // Augmentation, dropout and synthetic lines on: every random choice must be reproducible.
      await train(data, tinyConfig({ maxSteps: 7 }), a, { log: () => {} });
      await train(data, tinyConfig({ maxSteps: 3 }), b, { log: () => {} });
      const mid = loadCheckpoint(path.join(b, "checkpoint"));
      expect(mid.state.step).toBe(3);
      await train(data, tinyConfig({ maxSteps: 7 }), b, { log: () => {} }, { resume: true });
      const pa = loadCheckpoint(path.join(a, "checkpoint"));
      const pb = loadCheckpoint(path.join(b, "checkpoint"));
      expect(pb.state.step).toBe(7);
      expect(Buffer.from(pb.params.buffer).equals(Buffer.from(pa.params.buffer))).toBe(true);
      expect(Buffer.from(pb.m.buffer).equals(Buffer.from(pa.m.buffer))).toBe(true);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  }, 120_000);
});
