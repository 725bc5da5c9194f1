import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../random/mulberry32";
import { packInt8, quantizeKernel } from "../quantize";
import { defaultModelConfig } from "../config";
import { randomNetwork } from "@/test-support/networks";
import { nodeThreadSpawner } from "../load-node";
import { KernelThread } from "./kernel-thread";
import { LSTM_WASM_BASE64 } from "./lstm-wasm";
import { LstmKernels } from "./wasm-kernels";

/**
 * The int8 kernels (lstm.c) against a scalar model of the same integer maths, and the relaxed
 * build against the plain one. Node 20 runs only the plain builds: relaxed SIMD is behind a flag
 * there, and with the flag its i8×i7 dot product is wrong (LstmKernels refuses that build), so the
 * relaxed build is run in Chromium, where the Write page runs it.
 */

/** wasm's f32.nearest: round half to even. */
const nearest = (v: number) => {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/** The kernels' per-row quantisation, in scalar float32 arithmetic: biased codes and scales. */
function quantizeRowsRef(x: Float32Array, M: number, K: number, Kp: number) {
  const q = new Uint8Array(M * Kp).fill(64), s = new Float32Array(M);
  for (let m = 0; m < M; m++) {
    let amax = 0;
    for (let k = 0; k < K; k++) amax = Math.max(amax, Math.abs(x[m * K + k]));
    if (amax === 0) continue;
    const inv = Math.fround(63 / amax);
    for (let k = 0; k < K; k++) q[m * Kp + k] = nearest(Math.fround(x[m * K + k] * inv)) + 64;
    s[m] = Math.fround(amax * Math.fround(1 / 63)); // -ffast-math turns amax / 63 into this
  }
  return { q, s };
}

/** Σ_k W[k, n] (q[m, k] - 64), exactly. */
function sumsRef(codes: Int8Array, q: Uint8Array, M: number, K: number, N: number, Kp: number, Np: number) {
  const out = new Int32Array(M * Np);
  for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += codes[k * N + n] * (q[m * Kp + k] - 64);
    out[m * Np + n] = s;
  }
  return out;
}

function randomCase(M: number, K: number, N: number, seed: number) {
  const rand = mulberry32(seed);
  const w = Float32Array.from({ length: K * N }, () => rand() * 2 - 1);
  const x = Float32Array.from({ length: M * K }, () => (rand() * 2 - 1) * 3);
  if (M > 2) x.fill(0, K, 2 * K); // a row of zeros: scale 0, codes 64
  return { w, x, q: quantizeKernel(w, K, N) };
}

const SHAPES: [number, number, number][] = [[1, 8, 32], [3, 7, 40], [5, 7, 768], [9, 192, 768], [13, 384, 96], [4, 384, 768]];

describe("int8 kernels (plain SIMD build) against the scalar integer maths", () => {
  it("quantize_rows and gemm_i8_raw are exact, for ragged rows, padded K and N", async () => {
    const k = await LstmKernels.create(1 << 22);
    expect(k.build).toBe("plain");
    for (const [i, [M, K, N]] of SHAPES.entries()) {
      const { x, q } = randomCase(M, K, N, i + 1);
      const p = packInt8(q);
      k.resetScratch();
      const X = k.alloc(M * K), Q = k.alloc(Math.ceil((M * p.Kp * k.activationBytes) / 4)), xs = k.alloc(M), P = k.alloc(p.packed.length / 2), corr = k.alloc(p.Np), raw = k.alloc(M * p.Np);
      k.f32(X, M * K).set(x);
      k.setPanels(P, p.packed);
      k.i32(corr, p.Np).set(p.corr);
      k.exports.quantize_rows(M, K, p.Kp, X, K, Q, xs);
      const ref = quantizeRowsRef(x, M, K, p.Kp);
      // The plain build keeps the codes 16 bits wide (LstmKernels.activationBytes): the same values.
      expect(k.activationBytes).toBe(2);
      expect([...k.activations(Q, M * p.Kp)]).toEqual([...ref.q]);
      expect(k.f32(xs, M)).toEqual(ref.s);
      k.exports.gemm_i8_raw(M, p.Np, p.Kp, Q, P, corr, raw);
      expect(k.i32(raw, M * p.Np), `[${M}, ${K}] × [${K}, ${N}]`).toEqual(sumsRef(q.codes, ref.q, M, K, N, p.Kp, p.Np));
    }
  });
});

describe("the int8 recurrence's gate maths", () => {
  it("match the float cell within 1e-5, saturated gates included", async () => {
    // With a zero recurrent kernel both recurrences run only their gate maths on the same z:
    // lstm_forward_single's tfjs-exact cell and lstm_forward_single_i8's fast one (lstm.c).
    const k = await LstmKernels.create(1 << 22);
    const T = 40, H = 16, G = 4 * H;
    const rand = mulberry32(11);
    // Mostly the range trained gates live in, plus some far outside the ±20 clamp.
    const z = Float32Array.from({ length: T * G }, (_, i) => (i % 37 === 0 ? (rand() < 0.5 ? -60 : 60) : (rand() * 2 - 1) * 8));
    // Units 0..3 keep and add every step (i, f ≈ 1, g ≈ 1), so their cell state grows to ≈ T.
    for (let t = 0; t < T; t++) for (let j = 0; j < 4; j++) [0, H, 2 * H].forEach((gate) => (z[t * G + gate + j] = 10));
    k.resetScratch();
    const Zf = k.alloc(T * G), Zq = k.alloc(T * G), Pf = k.alloc(H * G, true), P8 = k.alloc((H * G) / 2, true), corr = k.alloc(G, true), ws = k.alloc(G);
    const Hf = k.alloc(T * H), Cf = k.alloc(T * H), Hq = k.alloc(T * H), Cq = k.alloc(T * H), hq = k.alloc(Math.ceil((H * k.activationBytes) / 4));
    k.f32(Zf, T * G).set(z);
    k.f32(Zq, T * G).set(z);
    k.f32(ws, G).fill(1);
    k.exports.lstm_forward_single(T, H, Zf, Pf, Hf, Cf);
    k.exports.lstm_forward_single_i8(T, H, Zq, P8, corr, ws, Hq, Cq, hq);
    const c = k.f32(Cf, T * H), cq = k.f32(Cq, T * H), h = k.f32(Hf, T * H), h8 = k.f32(Hq, T * H);
    let worstH = 0, worstC = 0;
    for (let i = 0; i < T * H; i++) {
      worstH = Math.max(worstH, Math.abs(h8[i] - h[i]));
      worstC = Math.max(worstC, Math.abs(cq[i] - c[i]) / Math.max(1, Math.abs(c[i])));
    }
    expect(Math.max(...c.map(Math.abs))).toBeGreaterThan(30); // the cell state did accumulate
    expect(worstH).toBeLessThan(1e-5);
    expect(worstC).toBeLessThan(1e-5);
  });
});

describe("the int8 network path on two threads", () => {
  const started: KernelThread[] = [];
  afterAll(() => started.forEach((t) => t.dispose()));
  it("gives exactly the one-thread int8 logits", async () => {
    const config = defaultModelConfig({ layers: 3, units: 16, dropout: 0 });
    const single = await randomNetwork(config, { weights: 5, biases: 6 }, { shared: true, int8: true });
    const threaded = await randomNetwork(config, { weights: 5, biases: 6 }, { shared: true, int8: true });
    const thread = await KernelThread.start(threaded.kernels, nodeThreadSpawner);
    started.push(thread);
    threaded.attachThread(thread);
    single.setPrecision("int8");
    threaded.setPrecision("int8");
    for (const len of [1, 5, 77]) {
      const rand = mulberry32(len);
      const f = Float32Array.from({ length: len * config.inputDims }, () => rand() * 2 - 1);
      expect(threaded.infer(f, len)).toEqual(single.infer(f, len));
    }
  });
});

const CHROMIUM = "/usr/bin/chromium";

describe.skipIf(!existsSync(CHROMIUM))("relaxed SIMD build (i32x4.relaxed_dot_i8x16_i7x16_add_s) against the plain build, in Chromium", () => {
  it("forms bit-identical integer sums, quantised activations and int8 LSTM outputs", async () => {
    const { chromium } = await import("@playwright/test");
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      const page = await browser.newPage();
      const cases = SHAPES.map(([M, K, N], i) => {
        const { x, q } = randomCase(M, K, N, 100 + i);
        const p = packInt8(q);
        return { M, K, Kp: p.Kp, Np: p.Np, x: [...x], packed: [...p.packed], corr: [...p.corr], scales: [...p.scales] };
      });
      // One int8 LSTM direction: H = 16, T = 9 (gates [T, 64] as x W + b; recurrent kernel [16, 64]).
      const lstm = (() => {
        const rand = mulberry32(7);
        const U = packInt8(quantizeKernel(Float32Array.from({ length: 16 * 64 }, () => rand() - 0.5), 16, 64));
        return { T: 9, H: 16, z: Array.from({ length: 9 * 64 }, () => rand() * 2 - 1), packed: [...U.packed], corr: [...U.corr], scales: [...U.scales] };
      })();
      // The plain build takes the same panels widened to int16 (LstmKernels.setPanels), and keeps the
      // activation codes 16 bits wide (LstmKernels.activationBytes).
      const run = (b64: string, wide: boolean) =>
        page.evaluate(
          async ({ b64, cases, lstm, wide }) => {
            const panels = (buffer: ArrayBuffer, at: number, v: number[]) => (wide ? new Int16Array(buffer, at, v.length) : new Int8Array(buffer, at, v.length)).set(v);
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const memory = new WebAssembly.Memory({ initial: 256 });
            const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
            const e = instance.exports as Record<string, (...a: number[]) => void>;
            const at = (n: number) => Math.ceil(n / 16) * 16;
            const out: { q: number[]; s: number[]; raw: number[]; z?: number[] }[] = [];
            for (const c of cases) {
              let top = 1024;
              const take = (bytes: number) => ((top = at(top)), (top += bytes), top - bytes);
              const X = take(4 * c.x.length), Q = take(2 * c.M * c.Kp), xs = take(4 * c.M), P = take(2 * c.packed.length), corr = take(4 * c.Np), ws = take(4 * c.Np), raw = take(4 * c.M * c.Np), Z = take(4 * c.M * c.Np);
              new Float32Array(memory.buffer, X, c.x.length).set(c.x);
              panels(memory.buffer, P, c.packed);
              new Int32Array(memory.buffer, corr, c.Np).set(c.corr);
              new Float32Array(memory.buffer, ws, c.Np).set(c.scales);
              e.quantize_rows(c.M, c.K, c.Kp, X, c.K, Q, xs);
              e.gemm_i8_raw(c.M, c.Np, c.Kp, Q, P, corr, raw);
              e.gemm_i8(c.M, c.Np, c.Kp, Q, xs, P, corr, ws, 0, Z, c.Np);
              out.push({
                q: [...(wide ? new Uint16Array(memory.buffer, Q, c.M * c.Kp) : new Uint8Array(memory.buffer, Q, c.M * c.Kp))],
                s: [...new Float32Array(memory.buffer, xs, c.M)],
                raw: [...new Int32Array(memory.buffer, raw, c.M * c.Np)],
                z: [...new Float32Array(memory.buffer, Z, c.M * c.Np)],
              });
            }
            const { T, H } = lstm;
            const G = 4 * H, Zp = 1024, P = at(Zp + 4 * T * G), corr = at(P + 2 * lstm.packed.length), ws = corr + 4 * G, Hs = ws + 4 * G, Cs = Hs + 4 * T * H, hq = Cs + 4 * T * H;
            new Float32Array(memory.buffer, Zp, T * G).set(lstm.z);
            panels(memory.buffer, P, lstm.packed);
            new Int32Array(memory.buffer, corr, G).set(lstm.corr);
            new Float32Array(memory.buffer, ws, G).set(lstm.scales);
            e.lstm_forward_single_i8(T, H, Zp, P, corr, ws, Hs, Cs, hq);
            return { valid: WebAssembly.validate(bytes), out, h: [...new Float32Array(memory.buffer, Hs, T * H)] };
          },
          { b64, cases, lstm, wide },
        );
      const relaxed = await run(LSTM_WASM_BASE64.relaxed, false);
      const plain = await run(LSTM_WASM_BASE64.plain, true);
      expect(relaxed.valid).toBe(true);
      expect(relaxed.out.map((o) => o.raw)).toEqual(plain.out.map((o) => o.raw));
      expect(relaxed.out.map((o) => o.q)).toEqual(plain.out.map((o) => o.q));
      expect(relaxed.out.map((o) => o.s)).toEqual(plain.out.map((o) => o.s));
      // Same sums, same scales, same float epilogue: the dequantised outputs agree exactly too.
      expect(relaxed.out.map((o) => o.z)).toEqual(plain.out.map((o) => o.z));
      expect(relaxed.h).toEqual(plain.h);
      // And both are the scalar integer maths.
      cases.forEach((c, i) => {
        const [M, K, N] = SHAPES[i];
        const q = quantizeKernel(Float32Array.from(randomCase(M, K, N, 100 + i).w), K, N);
        expect(relaxed.out[i].raw).toEqual([...sumsRef(q.codes, Uint8Array.from(relaxed.out[i].q), M, K, N, c.Kp, c.Np)]);
      });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
