import { describe, it, expect } from "vitest";
import { checkPromotion } from "./promote-guard";
import type { VersionMetrics } from "./version-metrics";

const metrics = (cer: number, parent?: { version: string; cer: number }, set = "unipen-w400"): VersionMetrics => ({
  cer,
  wer: 0.3,
  validationSetId: set,
  validation: { cer, wordCer: cer, wordWer: 0.2, wordAccuracy: 0.8, lineCer: cer, lineWer: 0.3 },
  heldOut: { cer: 0.05, wer: 0.2, accuracy: 0.8, samples: 80 },
  parent: parent ? { version: parent.version, validation: { cer: parent.cer, wordCer: parent.cer, wordWer: 0.2, wordAccuracy: 0.8, lineCer: parent.cer, lineWer: 0.3 }, heldOut: null } : null,
  data: { newTrain: 320, heldOut: 80, base: 320, baseSource: "unipen" },
  training: { mode: "finetune", steps: 100, epochs: 3, seconds: 100, layers: 3, units: 192 },
  decoder: "greedy",
});

describe("checkPromotion (base validation guard)", () => {
  it("allows a fine-tune within +1% of its parent, the active version", () => {
    expect(checkPromotion({ version: "ft1", metrics: metrics(0.0805, { version: "v1", cer: 0.08 }) }, { version: "v1", metrics: null }).ok).toBe(true);
  });

  it("refuses one that raises base validation CER by more than 1% relative, saying by how much", () => {
    const r = checkPromotion({ version: "ft1", metrics: metrics(0.0815, { version: "v1", cer: 0.08 }) }, { version: "v1", metrics: null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.relChange).toBeCloseTo(0.01875, 5);
    expect(r.message).toMatch(/from 8\.00% \(v1\) to 8\.15%, \+1\.9% relative \(the limit is \+1%\)/);
  });

  it("compares with the active version's own metrics on the same validation set, else allows with a note", () => {
    const active = { version: "ft1", metrics: metrics(0.07) };
    expect(checkPromotion({ version: "ft2", metrics: metrics(0.075, { version: "v1", cer: 0.08 }) }, active).ok).toBe(false);
    const other = checkPromotion({ version: "ft2", metrics: metrics(0.075, { version: "v1", cer: 0.08 }, "fixtures-w6") }, active);
    expect(other).toEqual({ ok: true, note: expect.stringMatching(/no base validation score of ft1/) });
    expect(checkPromotion({ version: "v1", metrics: null }, active).ok).toBe(true);
  });

  it("does not compare scores decoded differently (greedy-scored versions against page-scored ones)", () => {
    const active = { version: "ft1", metrics: metrics(0.07) };
    const pageScored = { ...metrics(0.075, { version: "v1", cer: 0.08 }), decoder: "page" as const };
    expect(checkPromotion({ version: "ft2", metrics: pageScored }, active)).toEqual({ ok: true, note: expect.stringMatching(/no base validation score of ft1 .*\(page decoding\)/) });
    expect(checkPromotion({ version: "ft2", metrics: pageScored }, { version: "ft1", metrics: { ...metrics(0.07), decoder: "page" } }).ok).toBe(false);
    // The page's decoding with the lexicon is another yardstick than the page's decoding before it.
    const lexiconScored = { ...metrics(0.075, { version: "v1", cer: 0.08 }), decoder: "page-lexicon" as const };
    expect(checkPromotion({ version: "ft3", metrics: lexiconScored }, { version: "ft1", metrics: { ...metrics(0.07), decoder: "page" } })).toEqual({ ok: true, note: expect.stringMatching(/\(page-lexicon decoding\)/) });
    expect(checkPromotion({ version: "ft3", metrics: lexiconScored }, { version: "ft1", metrics: { ...metrics(0.07), decoder: "page-lexicon" } }).ok).toBe(false);
    // And the lexicon read word by word (its per-word OOV escape) is another again.
    const softScored = { ...metrics(0.075, { version: "v1", cer: 0.08 }), decoder: "page-soft-lexicon" as const };
    expect(checkPromotion({ version: "ft4", metrics: softScored }, { version: "ft1", metrics: { ...metrics(0.07), decoder: "page-lexicon" } })).toEqual({ ok: true, note: expect.stringMatching(/\(page-soft-lexicon decoding\)/) });
    expect(checkPromotion({ version: "ft4", metrics: softScored }, { version: "ft1", metrics: { ...metrics(0.07), decoder: "page-soft-lexicon" } }).ok).toBe(false);
  });
});
