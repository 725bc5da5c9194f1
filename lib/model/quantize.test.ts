import { describe, expect, it } from "vitest";
import path from "node:path";
import { defaultModelConfig } from "./config";
import { decodeModel } from "./format";
import { encodeModel, encodeModelInt8 } from "./encode-model";
import { readModelDir } from "./load-node";
import { int8DriftProblem, INT8_DRIFT_TOLERANCE, measureInt8Drift } from "./int8-drift";
import { paramSpecs } from "./network";
import { mulberry32 } from "../random/mulberry32";
import { dequantizeKernel, int8WeightNames, quantizeKernel } from "./quantize";
import { loadRecognizer } from "./recognizer";
import { randomNetwork } from "@/test-support/networks";
import { loadFixtureInks } from "../ink/fixtures";

const config = defaultModelConfig({ layers: 2, units: 16, dropout: 0 });

describe("quantizeKernel: symmetric int8 per output column", () => {
  it("gives each column its own scale, codes in [-127, 127], and rounds to the nearest code", () => {
    const K = 9, N = 5, rand = mulberry32(1);
    // Columns of very different magnitude: one shared scale would flatten the small ones to zero.
    const w = Float32Array.from({ length: K * N }, (_, i) => (rand() * 2 - 1) * 10 ** (i % N - 2));
    w.fill(0, 0, 0);
    for (let k = 0; k < K; k++) w[k * N + 4] = 0; // an all-zero column
    const q = quantizeKernel(w, K, N);
    const back = dequantizeKernel(q);
    for (let n = 0; n < N; n++) {
      let maxCode = 0;
      for (let k = 0; k < K; k++) {
        const code = q.codes[k * N + n];
        expect(Math.abs(code)).toBeLessThanOrEqual(127);
        maxCode = Math.max(maxCode, Math.abs(code));
        expect(Math.abs(back[k * N + n] - w[k * N + n])).toBeLessThanOrEqual(q.scales[n] / 2 + 1e-12);
      }
      expect(maxCode).toBe(n === 4 ? 0 : 127);
    }
    expect(q.scales[4]).toBe(0);
  });

  it("reproduces its own codes from the dequantised weights (an int8 file loads back exactly)", () => {
    const rand = mulberry32(2);
    const w = Float32Array.from({ length: 64 * 96 }, () => rand() * 2 - 1);
    const q = quantizeKernel(w, 64, 96);
    const again = quantizeKernel(dequantizeKernel(q), 64, 96);
    expect(again.codes).toEqual(q.codes);
  });
});

describe("the int8 model form", () => {
  async function weights() {
    return (await randomNetwork(config, { weights: 3, biases: 4 })).getWeights();
  }
  const meta = { version: "t", config, createdAt: "2026-01-01T00:00:00Z" };

  it("stores kernels as int8 with float32 scales, records the scheme, and decodes to the int8 values", async () => {
    const w = await weights();
    const { modelJson, weightData } = encodeModelInt8(w, meta);
    // One byte per kernel weight, 4 per column scale and per bias value.
    const specs = paramSpecs(config);
    const want = specs.reduce((n, sp) => n + (sp.shape.length === 2 ? sp.size + 4 * sp.shape[1] : 4 * sp.size), 0);
    expect(weightData.byteLength).toBe(want);
    expect(weightData.byteLength).toBeLessThan(encodeModel(w, meta, { float16: false }).weightData.byteLength / 3);
    const q = modelJson.userDefinedMetadata.inkwell.quantization!;
    expect(q.scheme).toMatch(/int8/);
    expect(q.charset.chars).toBe(config.charset.chars.join(""));
    const kernels = modelJson.weightsManifest[0].weights.filter((e) => e.quantization?.dtype === "int8").map((e) => e.name);
    expect(kernels).toEqual(int8WeightNames(config));
    const decoded = decodeModel(JSON.parse(JSON.stringify(modelJson)), weightData).weights;
    for (const sp of specs) {
      const v = w.get(sp.name)!;
      const expected = sp.shape.length === 2 ? dequantizeKernel(quantizeKernel(v, sp.shape[0], sp.shape[1])) : v;
      expect(decoded.get(sp.name)).toEqual(expected);
    }
  });

  it("refuses int8 weights made for another charset or architecture, saying which", async () => {
    const { modelJson, weightData } = encodeModelInt8(await weights(), meta);
    const otherCharset = structuredClone(modelJson);
    otherCharset.userDefinedMetadata.inkwell.quantization!.charset.chars = "x" + config.charset.chars.slice(1).join("");
    expect(() => decodeModel(otherCharset, weightData)).toThrow(/quantised for another charset .*different characters/);
    const otherArch = structuredClone(modelJson);
    otherArch.userDefinedMetadata.inkwell.config = { ...config, units: 32 };
    expect(() => decodeModel(otherArch, weightData)).toThrow(/int8 weights were quantised for 2×BiLSTM-16, .* but the model is 2×BiLSTM-32/);
    const noRecord = structuredClone(modelJson);
    delete noRecord.userDefinedMetadata.inkwell.quantization;
    expect(() => decodeModel(noRecord, weightData)).toThrow(/without a quantization record/);
    const badShape = structuredClone(modelJson);
    badShape.weightsManifest[0].weights[0].shape = [config.inputDims, 32];
    expect(() => decodeModel(badShape, weightData)).toThrow(/int8 weight "bilstm_1\/forward_lstm_1\/kernel" has shape \[7,32\], the model config expects \[7,64\]/);
  });

  it("loads into an int8 recognizer whose kernel name says so", async () => {
    const { modelJson, weightData } = encodeModelInt8(await weights(), meta);
    const r = await loadRecognizer({ modelJson, weightData }, { precision: "int8" });
    expect(r.precision).toBe("int8");
    expect(r.kernelName).toBe(`int8 · ${r.kernelBuild}`);
    const ink = loadFixtureInks()[0].ink;
    expect(r.recognize(ink).frames).toBeGreaterThan(0);
    const f = await loadRecognizer({ modelJson, weightData });
    expect(f.kernelName).toBe(`float · ${f.kernelBuild}`);
  });
});

describe("int8 after a weight change (a personal adaptation on top of the base)", () => {
  it("requantises: replaceWeights gives exactly what a fresh int8 network of the new weights gives", async () => {
    const a = await randomNetwork(config, { weights: 1, biases: 2 }, { int8: true });
    const b = await randomNetwork(config, { weights: 8, biases: 9 }, { int8: true });
    a.setPrecision("int8");
    b.setPrecision("int8");
    const rand = mulberry32(4);
    const f = Float32Array.from({ length: 30 * config.inputDims }, () => rand() * 2 - 1);
    const before = a.infer(f, 30);
    a.setWeights(b.getWeights());
    a.syncDerived();
    const after = a.infer(f, 30);
    expect(after).toEqual(b.infer(f, 30));
    expect(after).not.toEqual(before);
  });
});

describe("int8 logits against float logits on the recorded fixture inks (shipped model)", () => {
  it(`stay within INT8_DRIFT_TOLERANCE (${JSON.stringify(INT8_DRIFT_TOLERANCE)})`, async () => {
    const dir = path.resolve(import.meta.dirname, "../../public/models/v1");
    const { meta: m, weights: w } = decodeModel(...(Object.values(readModelDir(dir)) as [unknown, Uint8Array]));
    const drift = await measureInt8Drift(m.config, w, loadFixtureInks().map((s) => s.ink));
    expect(drift.samples).toBe(40);
    expect(int8DriftProblem(drift)).toBeNull();
  });
});
