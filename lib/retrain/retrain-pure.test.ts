import { describe, expect, it } from "vitest";
import { appendToCurve } from "./append-to-curve";
import { baseSampleCount } from "./base-sample-count";
import { splitHeldOut } from "./held-out-split";
import { learningRateFor, RetrainConfigSchema } from "./retrain-config";
import { defaultTrainConfig } from "../training/train";
import { parseEvalPoints, parseProgress } from "./run-progress";
import { versionNameFor } from "./version-name";
import { isSafeVersion } from "../models/active-model";

const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `sample-${i}` }));

describe("splitHeldOut", () => {
  it("holds out about one in five, the same samples every time, and never overlaps", () => {
    const { train, heldOut } = splitHeldOut(ids(1000));
    expect(heldOut.length).toBeGreaterThan(150);
    expect(heldOut.length).toBeLessThan(250);
    expect(train.length + heldOut.length).toBe(1000);
    expect(new Set([...train, ...heldOut].map((s) => s.id)).size).toBe(1000);
    expect(splitHeldOut(ids(1000)).heldOut).toEqual(heldOut);
  });
  it("keeps a sample on its side when others are added", () => {
    const before = new Set(splitHeldOut(ids(500)).heldOut.map((s) => s.id));
    const after = new Set(splitHeldOut(ids(900)).heldOut.map((s) => s.id));
    for (const id of before) expect(after.has(id)).toBe(true);
  });
  it("holds out at least one of two or more samples, none of one", () => {
    for (let n = 2; n < 8; n++) expect(splitHeldOut(ids(n)).heldOut.length).toBeGreaterThanOrEqual(1);
    expect(splitHeldOut([{ id: "x" }])).toEqual({ train: [{ id: "x" }], heldOut: [] });
    expect(() => splitHeldOut(ids(3), 1)).toThrow(/every/);
  });
});

describe("baseSampleCount", () => {
  it("makes base samples `share` of the mix, capped by what exists", () => {
    expect(baseSampleCount(1000, 0.5, 90_000)).toBe(1000);
    expect(baseSampleCount(1000, 0.8, 90_000)).toBe(4000);
    expect(baseSampleCount(1000, 0.8, 1500)).toBe(1500);
    expect(baseSampleCount(1000, 0, 90_000)).toBe(0);
    expect(baseSampleCount(0, 0.5, 300)).toBe(300);
  });
  it("refuses impossible shares and counts", () => {
    expect(() => baseSampleCount(10, 1, 5)).toThrow(/share/);
    expect(() => baseSampleCount(10, Number.NaN, 5)).toThrow(/share/);
    expect(() => baseSampleCount(-1, 0.5, 5)).toThrow(/count/);
  });
});

describe("appendToCurve", () => {
  it("never exceeds the cap and keeps the whole span", () => {
    let curve: [number, number][] = [];
    for (let s = 1; s <= 1000; s++) curve = appendToCurve(curve, [s, 1 / s], 100);
    expect(curve.length).toBeLessThanOrEqual(100);
    expect(curve[0][0]).toBe(1);
    expect(curve.at(-1)![0]).toBe(1000);
    expect(curve.map((p) => p[0])).toEqual([...curve.map((p) => p[0])].sort((a, b) => a - b));
  });
  it("skips non-finite points (a NaN loss never reaches a chart)", () => {
    expect(appendToCurve([[1, 2]], [2, Number.NaN], 10)).toEqual([[1, 2]]);
    expect(() => appendToCurve([], [1, 1], 1)).toThrow(/cap/);
  });
});

describe("RetrainConfigSchema", () => {
  it("fills defaults", () => {
    expect(RetrainConfigSchema.parse({})).toMatchObject({ mode: "finetune", epochs: 15, baseShare: 0.5, baseData: "auto", workers: 2, train: "all" });
    expect(RetrainConfigSchema.parse({ train: "no-recurrent" }).train).toBe("no-recurrent");
  });
  it("gives fine-tunes and scratch runs their own learning rate unless set, and training's synthetic line share", () => {
    expect([learningRateFor(RetrainConfigSchema.parse({})), learningRateFor(RetrainConfigSchema.parse({ mode: "scratch" }))]).toEqual([1e-4, 1e-3]);
    expect(RetrainConfigSchema.parse({}).syntheticLineShare).toBe(defaultTrainConfig().syntheticLineShare);
  });
  it.each([
    [{ mode: "bogus" }, "mode"],
    [{ epochs: 0 }, "epochs"],
    [{ epochs: 2.5 }, "epochs"],
    [{ lr: 0 }, "lr"],
    [{ lr: Number.NaN }, "lr"],
    [{ baseShare: 1 }, "baseShare"],
    [{ syntheticLineShare: -0.1 }, "syntheticLineShare"],
    [{ mode: "scratch", model: { layers: 2, units: 30 } }, "model"],
    [{ mode: "finetune", model: { layers: 2, units: 32 } }, "model"],
    [{ train: "some" }, "train"],
    [{ mode: "scratch", train: "no-recurrent" }, "train"],
    [{ surprise: true }, ""],
  ])("refuses %j", (input, field) => {
    const r = RetrainConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    if (field) expect(r.error!.issues.map((i) => i.path[0])).toContain(field);
  });
});

describe("progress parsing", () => {
  it("reads malformed stored JSON as empty, never throws", () => {
    expect(parseProgress("{not json").step).toBe(0);
    expect(parseProgress('{"step":"x"}').phase).toBe("queued");
    expect(parseEvalPoints('[{"step":1},{"step":2,"epoch":1,"cer":0.1,"wordCer":0.1,"wordWer":0.2,"wordAccuracy":0.8,"lineCer":0.1,"lineWer":0.3}]')).toHaveLength(1);
    expect(parseEvalPoints("null")).toEqual([]);
  });
});

describe("versionNameFor", () => {
  it("is deterministic, safe as a folder and URL segment, and says the mode", () => {
    const run = { id: "cmi3x9k2l0000abcdefXYZ", createdAt: new Date("2026-11-25T17:48:09Z") };
    expect(versionNameFor(run, "finetune")).toBe("ft-20261125-1748-defxyz");
    expect(versionNameFor(run, "scratch")).toBe("sc-20261125-1748-defxyz");
    expect(isSafeVersion(versionNameFor(run, "finetune"))).toBe(true);
  });
});

describe("loadBaseDataCached", () => {
  it("reads back exactly what it cached, and caps the pool", async () => {
    const { mkdtempSync, rmSync, readdirSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { loadBaseDataCached } = await import("./base-data-cache");
    const { defaultBaseDataLocations } = await import("./base-data");
    const dir = mkdtempSync(path.join(tmpdir(), "inkwell-base-cache-"));
    try {
      const where = defaultBaseDataLocations(path.resolve(__dirname, "..", ".."));
      const first = await loadBaseDataCached("fixtures", where, dir);
      expect(readdirSync(dir)).toHaveLength(1);
      const lines: string[] = [];
      const second = await loadBaseDataCached("fixtures", where, dir, (l) => lines.push(l));
      expect(lines.join("\n")).toMatch(/from cache/);
      expect(second.validationSetId).toBe(first.validationSetId);
      for (const group of ["pool", "valWords", "valLines"] as const) {
        expect(second[group].map((s) => [s.id, s.text, s.writer, [...s.coords], [...s.strokeStarts]])).toEqual(first[group].map((s) => [s.id, s.text, s.writer, [...s.coords], [...s.strokeStarts]]));
      }
      expect(first.pool.length).toBeGreaterThan(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
