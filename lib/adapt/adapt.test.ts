import { describe, it, expect } from "vitest";
import { defaultModelConfig, type ModelConfig } from "../model/config";
import { BiLstmNetwork } from "../model/network";
import { mulberry32 } from "../random/mulberry32";
import { prepareSample } from "../training/prepare-sample";
import { addKlToBase } from "./kl-to-base";
import { randomNetwork } from "@/test-support/networks";
import { loadFixtureInks } from "../ink/fixtures";
import { adapterLayout, adapterPlan, type AdapterSlot } from "./adapter-plan";
import { adapterGradients, factoredGradients, initAdapter, mergeAdapter } from "./merge-adapter";
import { addLowRank, lowRankGrads } from "./low-rank";
import { lowRankOnWasm, lowRankRoomFloats } from "./low-rank-wasm";
import { baseFingerprint } from "./base-fingerprint";
import { AdaptationMismatchError, applyAdaptation, decodeAdapterValues, encodeAdapterValues, parseAdaptationRecord } from "./adaptation-record";
import { adaptToWriter } from "./adapt-to-writer";

// 4·8 = 32 gate columns; two layers so the plan has full, low-rank input and low-rank recurrent tensors.
const config: ModelConfig = defaultModelConfig({ layers: 2, units: 8, dropout: 0 });

function randomBatch(lengths: number[], F: number, seed: number) {
  const rand = mulberry32(seed);
  return { features: lengths.map((len) => Float32Array.from({ length: len * F }, () => rand() * 2 - 1)), lengths };
}

/**
 * Σ logits·R with the adapter `a` merged onto `base`: a linear read-out of the logits, whose
 * gradient is R, so a gradient test checks the chain rule alone.
 */
function linearReadoutLoss(net: BiLstmNetwork, base: Float32Array, slots: readonly AdapterSlot[], batch: ReturnType<typeof randomBatch>, R: Float32Array[]) {
  return (a: Float32Array) => {
    mergeAdapter(base, net.specs, slots, a, net.params());
    net.syncDerived();
    let s = 0;
    net.forward(batch).logits.forEach((l, b) => l.forEach((v, i) => (s += v * R[b][i])));
    return s;
  };
}

describe("adapter maths", () => {
  it("plans full deltas for biases, the first layer and the output layer, low rank elsewhere", () => {
    const plan = adapterPlan(config, { rank: 3, recurrent: true });
    const kind = (name: string) => plan.find((t) => t.name === name)?.kind;
    expect(kind("bilstm_1/forward_lstm_1/kernel")).toBe("full");
    expect(kind("bilstm_2/backward_lstm_2/kernel")).toBe("lowrank");
    expect(kind("bilstm_1/forward_lstm_1/recurrent_kernel")).toBe("lowrank");
    expect(kind("bilstm_2/forward_lstm_2/bias")).toBe("full");
    expect(kind("ctc_logits/kernel")).toBe("full");
    expect(adapterPlan(config, { rank: 3, recurrent: false }).some((t) => t.name.endsWith("recurrent_kernel"))).toBe(false);
    expect(() => adapterPlan(config, { rank: 0, recurrent: true })).toThrow(/rank must be an integer in 1\.\.64/);
  });

  it("addLowRank adds exactly A·B", () => {
    const a = Float32Array.from([1, 2, 3, 4, 5, 6]); // [3, 2]
    const b = Float32Array.from([1, 0, -1, 2, 1, 0]); // [2, 3]
    const w = new Float32Array(9).fill(1);
    addLowRank(w, 0, a, b, 3, 3, 2);
    expect([...w]).toEqual([1 + 1 + 4, 1 + 0 + 2, 1 - 1 + 0, 1 + 3 + 8, 1 + 0 + 4, 1 - 3 + 0, 1 + 5 + 12, 1 + 0 + 6, 1 - 5 + 0]);
  });

  it("the wasm GEMM path gives the loops' products, and falls back to them where it cannot run", async () => {
    const rows = 12, cols = 32, rank = 4;
    const room = lowRankRoomFloats([{ name: "w", rows, cols, kind: "lowrank", rank }]);
    const net = await BiLstmNetwork.create(config, { extraPersistentFloats: room });
    const math = lowRankOnWasm(net.kernels, room);
    const rand = mulberry32(4);
    const fill = (n: number) => Float32Array.from({ length: n }, () => rand() * 2 - 1);
    const a = fill(rows * rank), b = fill(rank * cols), g0 = fill(rows * cols);
    const offset = 5; // not at the block's start, as a tensor inside params()
    // W += A·B into the network's own memory, against the loops on a copy.
    const w = net.params();
    w.subarray(offset, offset + rows * cols).set(g0);
    const expected = w.slice();
    addLowRank(expected, offset, a, b, rows, cols, rank);
    math.addLowRank(w, offset, a, b, rows, cols, rank);
    for (let i = 0; i < expected.length; i++) expect(w[i]).toBeCloseTo(expected[i], 5);
    // dA = G·Bᵀ, dB = Aᵀ·G from the gradient block.
    const g = net.grads();
    g.subarray(offset, offset + rows * cols).set(g0);
    const dA = new Float32Array(rows * rank), dB = new Float32Array(rank * cols);
    const dAref = new Float32Array(rows * rank), dBref = new Float32Array(rank * cols);
    math.lowRankGrads(g, offset, a, b, rows, cols, rank, dA, dB);
    lowRankGrads(g, offset, a, b, rows, cols, rank, dAref, dBref);
    dAref.forEach((v, i) => expect(dA[i]).toBeCloseTo(v, 4));
    dBref.forEach((v, i) => expect(dB[i]).toBeCloseTo(v, 4));
    // Outside the kernels' memory, or a column count the GEMM cannot take: the loops, same result.
    const plain = g0.slice(), plainRef = g0.slice();
    math.addLowRank(plain, 0, a, b, rows, cols, rank);
    addLowRank(plainRef, 0, a, b, rows, cols, rank);
    expect(plain).toEqual(plainRef);
    const odd = fill(rows * 30), oddRef = odd.slice();
    math.addLowRank(odd, 0, a, b.subarray(0, rank * 30), rows, 30, rank);
    addLowRank(oddRef, 0, a, b.subarray(0, rank * 30), rows, 30, rank);
    expect(odd).toEqual(oddRef);
  });

  it("a fresh adapter is exactly the base model", async () => {
    const net = await randomNetwork(config, { weights: 3, biases: 4 });
    const { slots, size } = adapterLayout(adapterPlan(config));
    const base = net.params().slice();
    const merged = new Float32Array(base.length);
    mergeAdapter(base, net.specs, slots, initAdapter(slots, size, mulberry32(1)), merged);
    expect(merged).toEqual(base);
  });

  it("gradients of every adapted part (full deltas, A and B) match central differences", async () => {
    const net = await randomNetwork(config, { weights: 5, biases: 6 });
    const base = net.params().slice();
    const { slots, size } = adapterLayout(adapterPlan(config, { rank: 2, recurrent: true }));
    // A non-zero delta everywhere (B too), so both halves of the low-rank chain rule are exercised.
    const rand = mulberry32(9);
    const adapter = Float32Array.from({ length: size }, () => (rand() * 2 - 1) * 0.3);
    const batch = randomBatch([7, 4], config.inputDims, 2);
    const C = config.charset.chars.length;
    const R = batch.lengths.map((len, b) => Float32Array.from({ length: len * C }, (_, i) => Math.sin(i * 0.37 + b)));
    const loss = linearReadoutLoss(net, base, slots, batch, R);
    mergeAdapter(base, net.specs, slots, adapter, net.params());
    net.syncDerived();
    const { state } = net.forward(batch);
    net.zeroGrads();
    net.backward(state, R);
    const analytic = new Float32Array(size);
    adapterGradients(net.grads(), net.specs, slots, adapter, analytic);

    const checked = { full: 0, A: 0, B: 0 };
    for (const slot of slots) {
      const t = slot.tensor;
      const regions = t.kind === "full" ? [["full", slot.offset, slot.size]] : [["A", slot.offset, t.rows * t.rank], ["B", slot.offset + t.rows * t.rank, t.rank * t.cols]];
      for (const [part, start, n] of regions as [keyof typeof checked, number, number][]) {
        for (let k = 0; k < 3; k++) {
          const i = start + Math.floor(rand() * n);
          const eps = 1e-2;
          const plus = adapter.slice(), minus = adapter.slice();
          plus[i] += eps;
          minus[i] -= eps;
          const numeric = (loss(plus) - loss(minus)) / (2 * eps);
          expect(Math.abs(numeric - analytic[i]), `${t.name} ${part}[${i - start}]: numeric ${numeric}, analytic ${analytic[i]}`).toBeLessThan(3e-3 + 0.02 * Math.abs(analytic[i]));
          checked[part]++;
        }
      }
    }
    expect(checked.full).toBeGreaterThan(0);
    expect(checked.A).toBeGreaterThan(0);
    expect(checked.B).toBeGreaterThan(0);
  });
});

describe("factored low-rank gradients", () => {
  it("backward() gives ∂L/∂A and ∂L/∂B without the full kernel gradient: equal to its projection, and to central differences", async () => {
    const net = await randomNetwork(config, { weights: 5, biases: 6 });
    const base = net.params().slice();
    const { slots, size } = adapterLayout(adapterPlan(config, { rank: 4, recurrent: true }));
    const rand = mulberry32(21);
    const adapter = Float32Array.from({ length: size }, () => (rand() * 2 - 1) * 0.3);
    const batch = randomBatch([9, 5, 7], config.inputDims, 4);
    const C = config.charset.chars.length;
    const R = batch.lengths.map((len, b) => Float32Array.from({ length: len * C }, (_, i) => Math.cos(i * 0.29 + b)));
    const loss = linearReadoutLoss(net, base, slots, batch, R);
    mergeAdapter(base, net.specs, slots, adapter, net.params());
    net.syncDerived();
    // The projection of the full gradient (the path factored gradients replace) …
    let { state } = net.forward(batch);
    net.zeroGrads();
    net.backward(state, R);
    const projected = new Float32Array(size);
    adapterGradients(net.grads(), net.specs, slots, adapter, projected);
    // … and the factored one: the kernels' own gradients stay zero, the adapter's match.
    ({ state } = net.forward(batch));
    net.zeroGrads();
    const factoredOut = new Float32Array(size);
    const factored = factoredGradients(slots, adapter, factoredOut);
    expect(factored.length).toBe(slots.filter((s) => s.tensor.kind === "lowrank").length);
    expect(factored.length).toBeGreaterThanOrEqual(4); // input and recurrent kernels of both layers' directions
    net.backward(state, R, { factored });
    for (const f of factored) {
      const spec = net.specs.find((p) => p.name === f.name)!;
      expect(net.grads().subarray(spec.offset, spec.offset + spec.size).every((v) => v === 0), f.name).toBe(true);
    }
    adapterGradients(net.grads(), net.specs, slots, adapter, factoredOut, undefined, true);
    let largest = 0;
    for (let i = 0; i < size; i++) {
      largest = Math.max(largest, Math.abs(projected[i]));
      expect(Math.abs(factoredOut[i] - projected[i]), `adapter value ${i}`).toBeLessThan(1e-4 + 1e-4 * Math.abs(projected[i]));
    }
    expect(largest).toBeGreaterThan(0.01);
    for (const slot of slots.filter((s) => s.tensor.kind === "lowrank")) {
      for (let k = 0; k < 4; k++) {
        const i = slot.offset + Math.floor(rand() * slot.size);
        const plus = adapter.slice(), minus = adapter.slice();
        plus[i] += 1e-2;
        minus[i] -= 1e-2;
        const numeric = (loss(plus) - loss(minus)) / 2e-2;
        expect(Math.abs(numeric - factoredOut[i]), `${slot.tensor.name}[${i - slot.offset}]`).toBeLessThan(3e-3 + 0.02 * Math.abs(factoredOut[i]));
      }
    }
  });

  it("refuses factored gradients it cannot compute, naming the kernel", async () => {
    const net = await randomNetwork(config, { weights: 5, biases: 6 });
    const { state } = net.forward(randomBatch([4], config.inputDims, 1));
    const R = [new Float32Array(4 * config.charset.chars.length)];
    const name = "bilstm_2/forward_lstm_2/kernel"; // [16, 32]
    const f = (rank: number, rows = 16, cols = 32, n = name) => ({ name: n, rank, a: new Float32Array(rows * rank), b: new Float32Array(rank * cols), dA: new Float32Array(rows * rank), dB: new Float32Array(rank * cols) });
    expect(() => net.backward(state, R, { factored: [f(2)] })).toThrow(/rank must be a positive multiple of 4.*got 2 for "bilstm_2\/forward_lstm_2\/kernel"/);
    expect(() => net.backward(state, R, { factored: [f(4, 15)] })).toThrow(/needs A and dA of \[16, 4\], got 60 and 60 values/);
    expect(() => net.backward(state, R, { factored: [f(4, 16, 31)] })).toThrow(/needs B and dB of \[4, 32\], got 124 and 124 values/);
    expect(() => net.backward(state, R, { factored: [f(4, 16, 32, "ctc_logits/kernel")] })).toThrow(/for LSTM kernels, not "ctc_logits\/kernel"/);
  });
});

describe("adaptation records", () => {
  it("float16 values round-trip within half precision", () => {
    const v = Float32Array.from([0, 1e-3, -0.25, 3.5, -1e-5]);
    const back = decodeAdapterValues(encodeAdapterValues(v));
    v.forEach((x, i) => expect(Math.abs(back[i] - x)).toBeLessThanOrEqual(Math.abs(x) * 1e-3 + 1e-7));
  });

  it("applying an adaptation to other weights, another shape or a tampered record is refused with a clear error", async () => {
    const samples = loadFixtureInks().filter((s) => !s.text.includes(" ")).slice(0, 8);
    const net = await randomNetwork(config, { weights: 11, biases: 12 });
    const base = net.params().slice();
    const { record } = await adaptToWriter({ version: "t1", config, params: base }, samples, { epochs: 1, minSteps: 0, minSamples: 4 });
    expect(record.heldOut).toBeNull(); // the default trains on every sample
    expect(record.trainSamples).toBe(record.samples);
    expect(() => applyAdaptation(config, "t1", base, record)).not.toThrow();

    const other = (await randomNetwork(config, { weights: 13, biases: 14 })).params().slice();
    expect(() => applyAdaptation(config, "t2", other, record)).toThrow(AdaptationMismatchError);
    expect(() => applyAdaptation(config, "t2", other, record)).toThrow(/made for model t1 \(weights [0-9a-f]{16}\), not for the loaded t2/);

    const wider = defaultModelConfig({ layers: 2, units: 12, dropout: 0 });
    const widerParams = (await randomNetwork(wider, { weights: 1, biases: 2 })).params().slice();
    expect(() => applyAdaptation(wider, "w", widerParams, { ...record, base: { ...record.base, fingerprint: baseFingerprint(wider, widerParams) } })).toThrow(/has as \[/);
    expect(() => applyAdaptation(config, "t1", base, { ...record, values: record.values.slice(0, 10) })).toThrow(/holds 5 values/);
    expect(() => parseAdaptationRecord({ ...record, format: "something-else" })).toThrow(/not an Inkwell adaptation record: format/);
    expect(parseAdaptationRecord(structuredClone(record))).toEqual(record);
  });

  it("the fingerprint changes with any weight and with the charset", async () => {
    const p = (await randomNetwork(config, { weights: 2, biases: 3 })).params().slice();
    const f = baseFingerprint(config, p);
    expect(f).toMatch(/^[0-9a-f]{16}$/);
    const q = p.slice();
    q[q.length - 1] += 1e-6;
    expect(baseFingerprint(config, q)).not.toBe(f);
    const otherCharset = { ...config, charset: { ...config.charset, chars: [...config.charset.chars].reverse() } };
    expect(baseFingerprint(otherCharset, p)).not.toBe(f);
  });
});

describe("adaptToWriter", () => {
  it("fits a writer's samples: held-out loss never ends above the base's, and the record is small and complete", async () => {
    const samples = loadFixtureInks().filter((s) => !s.text.includes(" ")).slice(0, 12);
    const net = await randomNetwork(config, { weights: 21, biases: 22 });
    const base = net.params().slice();
    const progress: number[] = [];
    const { record, adapter, slots } = await adaptToWriter({ version: "t", config, params: base }, samples, { epochs: 4, minSteps: 0, minSamples: 4, augment: false, heldOutShare: 0.2, lr: 3e-3 }, { onProgress: (p) => progress.push(p.loss) });
    expect(progress.length).toBe(4);
    expect(progress[3]).toBeLessThan(progress[0]); // training loss falls
    expect(record.heldOut).not.toBeNull();
    expect(record.heldOut!.samples + record.trainSamples).toBe(record.samples);
    expect(record.heldOut!.lossAfter).toBeLessThanOrEqual(record.heldOut!.lossBefore);
    expect(record.values.byteLength).toBe(2 * adapter.length);
    expect(slots.length).toBe(record.plan.length);
    expect(base).toEqual(net.params()); // the caller's base weights are never touched
  });

  it("klWeight keeps the adapted posteriors nearer the base model's", async () => {
    const samples = loadFixtureInks().filter((s) => !s.text.includes(" ")).slice(0, 8);
    const net = await randomNetwork(config, { weights: 31, biases: 32 });
    const base = net.params().slice();
    const prepared = samples.map((s) => prepareSample(s.ink, s.text, config)!).filter(Boolean);
    const C = config.charset.chars.length;
    const baseLogits = prepared.map((p) => net.infer(p.features, p.length));
    const drift = async (klWeight: number) => {
      const { record } = await adaptToWriter({ version: "t", config, params: base }, samples, { epochs: 6, minSteps: 0, minSamples: 4, augment: false, lr: 1e-2, klWeight });
      const adapted = await BiLstmNetwork.create(config);
      adapted.params().set(applyAdaptation(config, "t", base, record));
      adapted.syncDerived();
      return prepared.reduce((sum, p, i) => sum + addKlToBase(adapted.infer(p.features, p.length), baseLogits[i], p.length, C, 1, new Float32Array(p.length * C)), 0);
    };
    const free = await drift(0);
    const pulled = await drift(20);
    expect(free).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(0.5 * free);
  });

  it("refuses too few usable samples, and stops when asked", async () => {
    const samples = loadFixtureInks().filter((s) => !s.text.includes(" ")).slice(0, 6);
    const net = await randomNetwork(config, { weights: 1, biases: 2 });
    const base = net.params().slice();
    await expect(adaptToWriter({ version: "t", config, params: base }, samples.slice(0, 3))).rejects.toThrow(/at least 5 usable samples, got 3 of 3/);
    await expect(adaptToWriter({ version: "t", config, params: base.slice(1) }, samples)).rejects.toThrow(/base parameters have/);
    const { record } = await adaptToWriter({ version: "t", config, params: base }, samples, { epochs: 10 }, { shouldStop: () => true });
    expect(record.epochs).toBe(0); // stopped before any step: the zero delta, i.e. the base model
  });
});
