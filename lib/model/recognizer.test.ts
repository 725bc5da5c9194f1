import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { BiLstmNetwork } from "./network";
import { defaultModelConfig } from "./config";
import { encodeModel } from "./encode-model";
import { decodeModel, toHalf, fromHalf } from "./format";
import { loadRecognizer, type Recognizer } from "./recognizer";
import { loadFixtureInks } from "../ink/fixtures";
import { preprocessInk } from "../ink/preprocess";
import { trainWordNgramLM } from "../ctc/train-word-ngram-lm";
import { Lexicon } from "../ctc/lexicon";
import { nodeThreadSpawner } from "./load-node";
import type { ThreadSpawner } from "./kernels/kernel-thread";

const config = defaultModelConfig({ layers: 2, units: 16, dropout: 0 });
const meta = { version: "test-1", config, createdAt: "2026-01-01T00:00:00.000Z" };
let weights: Map<string, Float32Array>;

beforeAll(async () => {
  await tf.setBackend("cpu");
  const net = await BiLstmNetwork.create(config);
  net.initialize(3);
  weights = net.getWeights();
});

describe("model format (tfjs layers-model)", () => {
  it("round-trips float32 weights exactly", () => {
    const { modelJson, weightData } = encodeModel(weights, meta, { float16: false });
    const back = decodeModel(JSON.parse(JSON.stringify(modelJson)), weightData);
    expect(back.meta.config).toEqual(config);
    for (const [name, w] of weights) expect(back.weights.get(name)).toEqual(w);
  });

  it("stores float16 within half-precision rounding", () => {
    const { weightData } = encodeModel(weights, meta);
    const { modelJson } = encodeModel(weights, meta);
    const back = decodeModel(modelJson, weightData);
    for (const [name, w] of weights) {
      const got = back.weights.get(name)!;
      for (let i = 0; i < w.length; i++) expect(Math.abs(got[i] - w[i])).toBeLessThanOrEqual(Math.abs(w[i]) * 2 ** -11 + 2 ** -24);
    }
    expect(fromHalf(toHalf(1))).toBe(1);
    expect(fromHalf(toHalf(-65504))).toBe(-65504);
    expect(fromHalf(toHalf(1e6))).toBe(Infinity);
  });

  it("is readable by tf.loadLayersModel with the same predictions as our engine", async () => {
    const { modelJson, weightData } = encodeModel(weights, meta, { float16: false });
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology as tf.io.ModelJSON["modelTopology"],
        weightSpecs: modelJson.weightsManifest[0].weights as tf.io.WeightsManifestEntry[],
        weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength) as ArrayBuffer,
      }),
    );
    const ink = loadFixtureInks()[0].ink;
    const f = preprocessInk(ink, config.preprocess);
    const probs = tf.tidy(() => (model.predict(tf.tensor3d(f.features, [1, f.steps, config.inputDims])) as tf.Tensor).dataSync());
    const net = await BiLstmNetwork.create(config);
    net.setWeights(weights);
    net.syncDerived();
    const logits = net.forward({ features: [f.features], lengths: [f.steps] }).logits[0];
    const C = config.charset.chars.length;
    let maxErr = 0;
    for (let t = 0; t < f.steps; t++) {
      const row = logits.subarray(t * C, (t + 1) * C);
      const m = Math.max(...row);
      const z = row.reduce((s, v) => s + Math.exp(v - m), 0);
      for (let c = 0; c < C; c++) maxErr = Math.max(maxErr, Math.abs(Math.exp(row[c] - m) / z - probs[t * C + c]));
    }
    expect(maxErr).toBeLessThan(1e-5);
  });

  it("rejects corrupt or foreign model files with precise errors", () => {
    const { modelJson, weightData } = encodeModel(weights, meta);
    expect(() => decodeModel({ format: "layers-model" }, weightData)).toThrow(/not an Inkwell model/);
    expect(() => decodeModel(modelJson, weightData.slice(0, 100))).toThrow(/too short/);
    const extra = new Uint8Array(weightData.length + 4);
    extra.set(weightData);
    expect(() => decodeModel(modelJson, extra)).toThrow(/trailing bytes/);
    const badVersion = JSON.parse(JSON.stringify(modelJson));
    badVersion.userDefinedMetadata.inkwell.config.preprocess.version = 999;
    expect(() => decodeModel(badVersion, weightData)).toThrow(/preprocessing v999/);
  });
});

describe("Recognizer", () => {
  let recognizer: Recognizer;
  let tfjsRecognizer: Recognizer;
  beforeAll(async () => {
    const source = encodeModel(weights, meta, { float16: false });
    recognizer = await loadRecognizer(source);
    tfjsRecognizer = await loadRecognizer(source, { engine: "tfjs" });
  });

  it("returns candidates, an alignment onto strokes, and timings", () => {
    const { ink } = loadFixtureInks().find((f) => f.text.includes(" "))!;
    const r = recognizer.recognize(ink, { decoder: "beam", nBest: 3 });
    expect(recognizer.engineName).toBe("wasm-simd");
    expect(r.frames).toBeGreaterThan(10);
    expect(r.candidates.length).toBeGreaterThan(0);
    for (const a of r.alignment) {
      expect(a.end).toBeGreaterThan(a.start);
      for (const s of a.strokes) expect(s).toBeLessThan(ink.strokes.length);
    }
    expect(r.alignment.map((a) => a.char).join("")).toBe(r.candidates[0].text);
    expect(r.timings.totalMs).toBeGreaterThanOrEqual(r.timings.networkMs);
  });

  it("decodes with a word LM, and frameScores + decodeFrames read exactly as recognize", () => {
    const wordLm = trainWordNgramLM(loadFixtureInks().map((f) => f.text), { minWordCount: 1 });
    for (const { ink } of loadFixtureInks().slice(0, 4)) {
      const options = { decoder: "beam", wordLm, nBest: 3 } as const;
      const whole = recognizer.recognize(ink, options);
      const { logits, frames } = recognizer.frameScores(ink);
      expect(frames).toBe(whole.frames);
      const split = recognizer.decodeFrames(logits, frames, options);
      expect(split.candidates.map((c) => [c.text, c.score])).toEqual(whole.candidates.map((c) => [c.text, c.score]));
      for (const c of whole.candidates) expect(Number.isFinite(c.score)).toBe(true);
    }
  });

  it("gives the same greedy text on the tfjs fallback engine", () => {
    for (const { ink } of loadFixtureInks().slice(0, 5)) {
      expect(tfjsRecognizer.recognize(ink).candidates[0]?.text).toBe(recognizer.recognize(ink).candidates[0]?.text);
    }
  });

  it("with a lexicon, reads outside it only when the free reading scores better by the OOV margin", () => {
    const { ink } = loadFixtureInks().find((f) => f.text === "committee") ?? loadFixtureInks()[0];
    const lexicon = Lexicon.fromWords(config.charset, ["zebra"]);
    const free = recognizer.recognize(ink, { decoder: "beam" }).candidates[0];
    const strict = recognizer.recognize(ink, { decoder: "beam", lexicon, oovMargin: Infinity }).candidates[0];
    expect(free.text).not.toBe(strict?.text); // this untrained model reads no "zebra"
    // Beam search is approximate, so the free reading may even score below the lexicon's: the rule
    // (free wins when it is more than the margin ahead) is checked on both sides of the actual gap.
    const gap = free.score - (strict?.score ?? -Infinity);
    expect(Number.isFinite(gap)).toBe(true);
    expect(recognizer.recognize(ink, { decoder: "beam", lexicon, oovMargin: gap - 0.5 }).candidates[0].text).toBe(free.text);
    expect(recognizer.recognize(ink, { decoder: "beam", lexicon, oovMargin: gap + 0.5 }).candidates[0]?.text).toBe(strict?.text);
  });

  it("handles empty and enormous inks without crashing", () => {
    expect(recognizer.recognize({ version: 1, strokes: [] }).candidates).toEqual([]);
    const huge = { version: 1 as const, strokes: [{ points: Array.from({ length: 1_000_000 }, (_, i) => ({ x: i % 5000, y: Math.sin(i / 7) * 40 + Math.floor(i / 5000) })) }] };
    const r = recognizer.recognize(huge);
    expect(r.frames).toBeLessThanOrEqual(config.preprocess.maxSteps);
    expect(() => recognizer.recognize({ version: 1, strokes: [{ points: [{ x: NaN, y: 0 }] }] })).toThrow(/non-finite/);
  });

  it("reads the same on two threads, and falls back to one when no thread starts", async () => {
    const source = encodeModel(weights, meta, { float16: false });
    const threaded = await loadRecognizer(source, { spawnThread: nodeThreadSpawner });
    const refused: ThreadSpawner = () => ({
      postMessage: () => {},
      listen: (_onMessage, onError) => setTimeout(() => onError(new Error("no workers here")), 0),
      terminate: () => {},
    });
    const fallback = await loadRecognizer(source, { spawnThread: refused });
    try {
      expect(recognizer.threads).toBe(1);
      expect(threaded.threads).toBe(2);
      expect(threaded.kernelBuild).toMatch(/^shared/);
      expect(fallback.threads).toBe(1);
      for (const { ink } of loadFixtureInks().slice(0, 6)) {
        const want = recognizer.recognize(ink, { decoder: "beam", nBest: 3 });
        expect(threaded.recognize(ink, { decoder: "beam", nBest: 3 }).candidates).toEqual(want.candidates);
        expect(fallback.recognize(ink, { decoder: "beam", nBest: 3 }).candidates).toEqual(want.candidates);
      }
    } finally {
      threaded.dispose();
      fallback.dispose();
    }
  });
});
