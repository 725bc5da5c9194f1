import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ctcLossAndGrad } from "../ctc/ctc-loss";
import { UNIPEN_FIXTURES_PATH, loadFixtureInks } from "../ink/fixtures";
import { defaultModelConfig, type ModelConfig } from "../model/config";
import { BiLstmNetwork } from "../model/network";
import { isValidationWriter } from "../training/dataset";
import { prepareSample } from "../training/prepare-sample";
import { randomNetwork } from "@/test-support/networks";
import { adaptToWriter } from "./adapt-to-writer";
import { applyAdaptation } from "./adaptation-record";
import { isReplayCandidate, parseReplaySet, REPLAY_SET, replayCoverageWeights } from "./replay-set";
import { readReplaySet } from "./replay-set-source";

const config: ModelConfig = defaultModelConfig({ layers: 2, units: 8, dropout: 0 });

describe("the replay set", () => {
  it("keeps single short words of training writers only", () => {
    expect(isReplayCandidate({ text: "hello" }, false)).toBe(true);
    expect(isReplayCandidate({ text: "hello" }, true)).toBe(false); // a validation writer's
    expect(isReplayCandidate({ text: "two words" }, false)).toBe(false);
    expect(isReplayCandidate({ text: "x".repeat(REPLAY_SET.maxChars + 1) }, false)).toBe(false);
    expect(isReplayCandidate({ text: "  " }, false)).toBe(false);
  });

  it("is read from a words file the same way every time, capped, without validation writers", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "inkwell-replay-"));
    try {
      // 64 copies of the fixture words under fresh ids: enough that the preselection keeps some.
      const fixtureLines = readFileSync(UNIPEN_FIXTURES_PATH, "utf8").split("\n").filter((l) => l.trim());
      const lines = Array.from({ length: 64 }, (_, k) => fixtureLines.map((l) => l.replace(/"id":"([^"]*)"/, `"id":"$1/copy${k}"`))).flat();
      const file = path.join(dir, "words.jsonl.gz");
      writeFileSync(file, gzipSync(lines.join("\n")));
      const a = await readReplaySet(file, UNIPEN_FIXTURES_PATH);
      const b = await readReplaySet(file, UNIPEN_FIXTURES_PATH);
      expect(a.jsonl).toBe(b.jsonl);
      expect(a.count).toBeGreaterThan(0);
      expect(a.count).toBeLessThanOrEqual(REPLAY_SET.size);
      const samples = a.jsonl.trim().split("\n").map((l) => JSON.parse(l) as { text: string; writer: string });
      for (const s of samples) expect(isReplayCandidate(s, isValidationWriter(s.writer))).toBe(true);
      expect(parseReplaySet(a.jsonl)).toHaveLength(a.count);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("falls back to the committed fixtures when there is no words file, and says so", async () => {
    const set = await readReplaySet("/no/such/words.jsonl.gz", UNIPEN_FIXTURES_PATH);
    expect(set.count).toBeGreaterThan(10);
    expect(set.source).toMatch(/fixture/);
  });

  it("refuses a broken served set, naming the line", () => {
    expect(() => parseReplaySet('{"id":"a","text":"x","writer":"w","strokes":[[[0,0]]]}\n{"id":')).toThrow(/replay set line 2/);
  });

  it("is trained on: replayed samples end with a lower loss than without replay", async () => {
    const words = loadFixtureInks().filter((s) => !s.text.includes(" "));
    const writer = words.slice(0, 6), replay = words.slice(6, 12);
    const net = await randomNetwork(config, { weights: 41, biases: 42 });
    const base = net.params().slice();
    const C = config.charset.chars.length;
    const replayLoss = async (replayRatio: number) => {
      const { record } = await adaptToWriter({ version: "t", config, params: base }, writer, { epochs: 6, minSteps: 0, minSamples: 4, augment: false, lr: 1e-2, replayRatio }, {}, replay);
      const adapted = await BiLstmNetwork.create(config);
      adapted.params().set(applyAdaptation(config, "t", base, record));
      adapted.syncDerived();
      return replay.reduce((sum, s) => {
        const p = prepareSample(s.ink, s.text, config)!;
        return sum + ctcLossAndGrad(adapted.infer(p.features, p.length), p.length, C, p.labels, config.charset.blank).loss;
      }, 0);
    };
    expect(await replayLoss(1)).toBeLessThan(await replayLoss(0));
  });

  it("weighs a word by how little of it the writer wrote: unseen letters most, their most written least", () => {
    const own = ["eel", "tee", "see"]; // e ×6, l, t, s once each
    const [unseen, rare, common, mixed, empty] = replayCoverageWeights(["xyz", "lts", "eee", "xe", ""], own);
    expect(unseen).toBe(1);
    expect(rare).toBeCloseTo(1 / Math.SQRT2);
    expect(common).toBeCloseTo(1 / Math.sqrt(7));
    expect(mixed).toBeCloseTo((1 + 1 / Math.sqrt(7)) / 2);
    expect(empty).toBe(0);
  });

  it("drawn by coverage, replay goes to the letters the writer never showed", async () => {
    const words = loadFixtureInks().filter((s) => !s.text.includes(" "));
    const writer = words.slice(0, 6);
    const weights = replayCoverageWeights(words.slice(6).map((w) => w.text), writer.map((w) => w.text));
    const ownLetters = new Set(writer.flatMap((w) => [...w.text]));
    const novelty = (t: string) => [...t].filter((ch) => !ownLetters.has(ch)).length / t.length;
    const texts = words.slice(6).map((w) => w.text);
    const best = texts[weights.indexOf(Math.max(...weights))], worst = texts[weights.indexOf(Math.min(...weights))];
    expect(novelty(best)).toBeGreaterThan(novelty(worst));
    // And adaptation runs with it, deterministically.
    const net = await randomNetwork(config, { weights: 41, biases: 42 });
    const run = () => adaptToWriter({ version: "t", config, params: net.params().slice() }, writer, { epochs: 2, minSteps: 0, minSamples: 4, augment: false, replayDraw: "coverage" }, {}, words.slice(6));
    const [a, b] = [await run(), await run()];
    expect(a.adapter).toEqual(b.adapter);
  });
});
