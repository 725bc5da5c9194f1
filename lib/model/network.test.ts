import { describe, it, expect, beforeAll } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { BiLstmNetwork } from "./network";
import { mulberry32 } from "../random/mulberry32";
import { defaultModelConfig, type ModelConfig } from "./config";
import { buildReferenceModel } from "./tfjs-reference";
import { randomNetwork } from "@/test-support/networks";

// Small shapes keep the tfjs reference fast; they still exercise every code path
// (several layers, both directions, ragged lengths, padded class count).
const config: ModelConfig = defaultModelConfig({ layers: 2, units: 12, dropout: 0 });

function randomBatch(lengths: number[], F: number, seed: number) {
  const rand = mulberry32(seed);
  const features = lengths.map((len) => Float32Array.from({ length: len * F }, () => rand() * 2 - 1));
  return { features, lengths };
}

describe("BiLstmNetwork matches tf.layers (Bidirectional LSTM + Dense)", () => {
  let net: BiLstmNetwork;
  let reference: tf.LayersModel;

  beforeAll(async () => {
    await tf.setBackend("cpu");
    net = await randomNetwork(config, { weights: 7, biases: 3 });
    reference = buildReferenceModel(config, "linear", "zeros");
    reference.setWeights(reference.weights.map((w) => tf.tensor(net.getWeights().get(w.originalName)!, w.shape as number[])));
  });

  it("uses the same weight names and shapes as tfjs-layers", () => {
    const ours = net.specs.map((s) => `${s.name}:${s.shape}`);
    const theirs = reference.weights.map((w) => `${w.originalName}:${w.shape}`);
    expect(ours).toEqual(theirs);
  });

  it("forward outputs agree within 1e-4 on ragged batches", () => {
    const batch = randomBatch([9, 1, 17, 4, 6], config.inputDims, 11);
    const { logits } = net.forward(batch);
    batch.features.forEach((f, b) => {
      const len = batch.lengths[b];
      const want = tf.tidy(() => (reference.predict(tf.tensor3d(f, [1, len, config.inputDims])) as tf.Tensor).dataSync());
      expect(logits[b].length).toBe(want.length);
      let maxErr = 0;
      for (let i = 0; i < want.length; i++) maxErr = Math.max(maxErr, Math.abs(logits[b][i] - want[i]));
      expect(maxErr).toBeLessThan(1e-4);
    });
  });

  it("parameter gradients agree with tf.grads", () => {
    // Loss = Σ R ⊙ logits for random R, summed over a ragged batch: dLoss/dlogits = R.
    const batch = randomBatch([7, 3, 11], config.inputDims, 5);
    const rand = mulberry32(99);
    const C = config.charset.chars.length;
    const R = batch.lengths.map((len) => Float32Array.from({ length: len * C }, () => rand() * 2 - 1));
    net.zeroGrads();
    const { state } = net.forward(batch);
    net.backward(state, R);
    const ours = net.grads();

    const { grads } = tf.variableGrads(() =>
      tf.addN(
        batch.features.map((f, b) => {
          const len = batch.lengths[b];
          const y = reference.apply(tf.tensor3d(f, [1, len, config.inputDims])) as tf.Tensor;
          return tf.sum(tf.mul(y, tf.tensor3d(R[b], [1, len, C])));
        }),
      ) as tf.Scalar,
    );
    for (const w of reference.weights) {
      const spec = net.spec(w.originalName);
      const want = grads[w.name].dataSync();
      // float32 sums over T·B terms in a different order: compare relative to the gradient's scale.
      let maxErr = 0, scale = 0;
      for (let i = 0; i < want.length; i++) {
        maxErr = Math.max(maxErr, Math.abs(ours[spec.offset + i] - want[i]));
        scale = Math.max(scale, Math.abs(want[i]));
      }
      expect(maxErr / Math.max(scale, 1e-3), w.originalName).toBeLessThan(1e-4);
    }
    tf.dispose(Object.values(grads));
  });

  it("rejects mis-shaped inputs with a precise error", () => {
    expect(() => net.forward({ features: [new Float32Array(10)], lengths: [2] })).toThrow(/expected \[2, 7\]/);
    expect(() => net.forward({ features: [], lengths: [] })).toThrow(/at least one sample/);
  });
});

describe("infer(): the single-sequence inference path", () => {
  // 4·16 = 64 gate columns: a multiple of 32, so the packed recurrence runs.
  const packable = defaultModelConfig({ layers: 2, units: 16, dropout: 0 });

  const perturbedNet = (cfg: ModelConfig, seed: number) => randomNetwork(cfg, { weights: seed, biases: seed + 1 });
  const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

  it("equals forward() for short and long sequences", async () => {
    const n = await perturbedNet(packable, 21);
    for (const len of [1, 5, 37]) {
      const f = randomBatch([len], packable.inputDims, len).features[0];
      const want = n.forward({ features: [f], lengths: [len] }).logits[0];
      const got = n.infer(f, len);
      expect(got.length).toBe(want.length);
      expect(maxDiff(got, want)).toBeLessThan(1e-5);
    }
  });

  it("follows new weights after syncDerived (the packed copies are refreshed)", async () => {
    const n = await perturbedNet(packable, 31);
    const f = randomBatch([9], packable.inputDims, 2).features[0];
    const before = n.infer(f, 9);
    const other = await perturbedNet(packable, 41);
    n.setWeights(other.getWeights());
    n.syncDerived();
    const after = n.infer(f, 9);
    expect(maxDiff(after, before)).toBeGreaterThan(1e-3);
    expect(maxDiff(after, other.forward({ features: [f], lengths: [9] }).logits[0])).toBeLessThan(1e-5);
  });

  it("falls back to forward() when the gate columns cannot be packed", async () => {
    const n = await perturbedNet(config, 5); // 4·12 = 48 columns
    const f = randomBatch([6], config.inputDims, 3).features[0];
    expect(n.infer(f, 6)).toEqual(n.forward({ features: [f], lengths: [6] }).logits[0]);
  });

  it("rejects mis-shaped inputs with a precise error", async () => {
    const n = await perturbedNet(packable, 1);
    expect(() => n.infer(new Float32Array(10), 2)).toThrow(/expected \[2, 7\]/);
    expect(() => n.infer(new Float32Array(0), 0)).toThrow(/≥ 1 step/);
  });
});

describe("forward(): dropout while training", () => {
  const withDropout = defaultModelConfig({ layers: 2, units: 12, dropout: 0.2 });

  it("a per-call dropout overrides the config's: 0 reads exactly as inference, more drops more", async () => {
    const net = await randomNetwork(withDropout, { weights: 7, biases: 3 });
    const batch = randomBatch([9, 4], withDropout.inputDims, 3);
    const plain = net.forward(batch).logits.map((l) => Array.from(l));
    expect(net.forward(batch, { training: true, rng: mulberry32(1), dropout: 0 }).logits.map((l) => Array.from(l))).toEqual(plain);
    const dropped = (p: number) => net.forward(batch, { training: true, rng: mulberry32(1), dropout: p }).state.layers[0].dropoutMask!.filter((m) => m === 0).length;
    const cells = 9 * 2 * withDropout.inputDims;
    expect(dropped(0.2) / cells).toBeGreaterThan(0.1);
    expect(dropped(0.2) / cells).toBeLessThan(0.3);
    expect(dropped(0.5) / cells).toBeGreaterThan(0.4);
    expect(dropped(0.5) / cells).toBeLessThan(0.6);
  });

  it("refuses a dropout outside [0, 1)", async () => {
    const net = await randomNetwork(withDropout, { weights: 7, biases: 3 });
    const batch = randomBatch([3], withDropout.inputDims, 3);
    expect(() => net.forward(batch, { training: true, dropout: 1 })).toThrow(/dropout must be in \[0, 1\), got 1/);
    expect(() => net.forward(batch, { training: true, dropout: Number.NaN })).toThrow(/dropout/);
  });
});
