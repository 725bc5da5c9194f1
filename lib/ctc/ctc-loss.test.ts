import { describe, expect, it } from "vitest";
import { ctcBatchLossAndGrad } from "./ctc-batch-loss";
import { CtcError } from "./ctc-error";
import { ctcLossAndGrad, minFramesFor } from "./ctc-loss";
import { randomLogits } from "@/test-support/ctc";
import { mulberry32 } from "../random/mulberry32";

/** −log Σ over every frame path whose CTC collapse equals `labels` — the definition, by enumeration. */
function bruteForceLoss(logits: ArrayLike<number>, T: number, C: number, labels: number[], blank: number): number {
  const logp: number[] = [];
  for (let t = 0; t < T; t++) {
    let max = -Infinity;
    for (let k = 0; k < C; k++) max = Math.max(max, logits[t * C + k]);
    let sum = 0;
    for (let k = 0; k < C; k++) sum += Math.exp(logits[t * C + k] - max);
    for (let k = 0; k < C; k++) logp.push(logits[t * C + k] - max - Math.log(sum));
  }
  let total = 0;
  const path = new Array<number>(T).fill(0);
  const paths = C ** T;
  for (let n = 0; n < paths; n++) {
    let x = n;
    for (let t = 0; t < T; t++) {
      path[t] = x % C;
      x = Math.floor(x / C);
    }
    const collapsed: number[] = [];
    for (let t = 0; t < T; t++) {
      if (path[t] !== blank && (t === 0 || path[t] !== path[t - 1])) collapsed.push(path[t]);
    }
    if (collapsed.length !== labels.length || collapsed.some((c, i) => c !== labels[i])) continue;
    let lp = 0;
    for (let t = 0; t < T; t++) lp += logp[t * C + path[t]];
    total += Math.exp(lp);
  }
  return -Math.log(total);
}

/** Every label sequence over the non-blank classes up to length maxLen. */
function allLabelSeqs(C: number, blank: number, maxLen: number): number[][] {
  const symbols = [...Array(C).keys()].filter((k) => k !== blank);
  let level: number[][] = [[]];
  const out: number[][] = [[]];
  for (let len = 1; len <= maxLen; len++) {
    level = level.flatMap((seq) => symbols.map((s) => [...seq, s]));
    out.push(...level);
  }
  return out;
}

describe("ctcLossAndGrad", () => {
  it("equals −log of the brute-force sum over all alignments (T ≤ 5, C ≤ 3, every label, both blank positions)", () => {
    const rand = mulberry32(1);
    let compared = 0;
    for (const C of [2, 3]) {
      for (const blank of [0, C - 1]) {
        for (let T = 1; T <= 5; T++) {
          const logits = randomLogits(rand, T, C);
          for (const labels of allLabelSeqs(C, blank, T)) {
            const r = ctcLossAndGrad(logits, T, C, labels, blank);
            const expected = bruteForceLoss(logits, T, C, labels, blank);
            if (T < minFramesFor(labels)) {
              expect(expected).toBe(Infinity);
              expect(r.feasible).toBe(false);
              expect(r.loss).toBe(Infinity);
            } else {
              expect(r.feasible).toBe(true);
              expect(Math.abs(r.loss - expected)).toBeLessThan(1e-5);
              compared++;
            }
          }
        }
      }
    }
    expect(compared).toBe(142); // every feasible (C, blank, T, labels) case above
  });

  it("handles repeated labels: 'aa' needs a blank between, so T=2 is infeasible and T=3 has exactly one path", () => {
    // Uniform logits: every path has probability (1/C)^T.
    const C = 3;
    expect(minFramesFor([1, 1])).toBe(3);
    expect(ctcLossAndGrad(new Float32Array(2 * C), 2, C, [1, 1], 0).feasible).toBe(false);
    const r = ctcLossAndGrad(new Float32Array(3 * C), 3, C, [1, 1], 0);
    expect(r.loss).toBeCloseTo(3 * Math.log(3), 6); // only a, blank, a
    // 'ab' (distinct) at T=3 has 5 paths: aab, abb, ab_, a_b, _ab.
    const r2 = ctcLossAndGrad(new Float32Array(3 * C), 3, C, [1, 2], 0);
    expect(r2.loss).toBeCloseTo(3 * Math.log(3) - Math.log(5), 6);
  });

  it("matches a float64 finite-difference gradient on random logits", () => {
    const rand = mulberry32(7);
    const cases: Array<{ T: number; C: number; labels: number[]; blank: number }> = [
      { T: 6, C: 4, labels: [1, 2, 1], blank: 0 },
      { T: 8, C: 5, labels: [3, 3, 2], blank: 0 },
      { T: 5, C: 3, labels: [], blank: 2 },
      { T: 12, C: 6, labels: [1, 5, 5, 2, 4], blank: 0 },
    ];
    const h = 1e-5;
    for (const { T, C, labels, blank } of cases) {
      const logits = randomLogits(rand, T, C, 2);
      const { grad } = ctcLossAndGrad(logits, T, C, labels, blank);
      let maxErr = 0;
      for (let i = 0; i < T * C; i++) {
        const keep = logits[i];
        logits[i] = keep + h;
        const up = ctcLossAndGrad(logits, T, C, labels, blank).loss;
        logits[i] = keep - h;
        const down = ctcLossAndGrad(logits, T, C, labels, blank).loss;
        logits[i] = keep;
        maxErr = Math.max(maxErr, Math.abs((up - down) / (2 * h) - grad[i]));
      }
      // Central differences in float64 are accurate to ~1e-9; the float32 gradient rounds to ~1e-7.
      expect(maxErr).toBeLessThan(1e-5);
    }
  });

  it("gives every frame's gradient a zero sum (softmax and occupancy both sum to 1)", () => {
    const rand = mulberry32(3);
    const T = 20;
    const C = 7;
    const { grad } = ctcLossAndGrad(randomLogits(rand, T, C), T, C, [1, 2, 3, 3, 4], 0);
    for (let t = 0; t < T; t++) {
      let s = 0;
      for (let k = 0; k < C; k++) s += grad[t * C + k];
      expect(Math.abs(s)).toBeLessThan(1e-5);
    }
  });

  it("empty label means the all-blank path", () => {
    const rand = mulberry32(4);
    const T = 4;
    const C = 3;
    const logits = randomLogits(rand, T, C);
    const r = ctcLossAndGrad(logits, T, C, [], 0);
    let expected = 0;
    for (let t = 0; t < T; t++) {
      let lse = 0;
      for (let k = 0; k < C; k++) lse += Math.exp(logits[t * C + k]);
      expected -= logits[t * C] - Math.log(lse);
    }
    expect(r.loss).toBeCloseTo(expected, 9);
    expect(ctcLossAndGrad(new Float32Array(0), 0, C, [], 0)).toMatchObject({ loss: 0, feasible: true });
  });

  it("returns Infinity, feasible=false and an all-zero gradient for labels longer than the input", () => {
    const C = 4;
    const logits = randomLogits(mulberry32(5), 3, C);
    const gradOut = new Float32Array(3 * C).fill(9);
    const r = ctcLossAndGrad(logits, 3, C, [1, 2, 3, 1], 0, gradOut);
    expect(r).toMatchObject({ loss: Infinity, feasible: false });
    expect(r.grad).toBe(gradOut);
    expect([...r.grad].every((g) => g === 0)).toBe(true);
    expect(ctcLossAndGrad(new Float32Array(0), 0, C, [1], 0).feasible).toBe(false);
  });

  it("treats a needed class at −Infinity as infeasible, not NaN", () => {
    const C = 3;
    const logits = new Float32Array(2 * C);
    logits[0 * C + 1] = -Infinity;
    logits[1 * C + 1] = -Infinity;
    const r = ctcLossAndGrad(logits, 2, C, [1], 0);
    expect(r).toMatchObject({ loss: Infinity, feasible: false });
    expect([...r.grad].every((g) => g === 0)).toBe(true);
  });

  it("stays finite over T=2000 frames with extreme logits", () => {
    const rand = mulberry32(11);
    const T = 2000;
    const C = 30;
    const logits = new Float32Array(T * C);
    for (let i = 0; i < logits.length; i++) logits[i] = (rand() * 2 - 1) * 80;
    const labels = Array.from({ length: 150 }, (_, i) => 1 + ((i * 7) % (C - 1)));
    const r = ctcLossAndGrad(logits, T, C, labels, 0);
    expect(r.feasible).toBe(true);
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(r.loss).toBeGreaterThan(0);
    expect(r.grad.every((g) => Number.isFinite(g) && Math.abs(g) <= 1 + 1e-6)).toBe(true);
  });

  it("rejects NaN logits, out-of-range or blank labels and bad shapes with a CtcError", () => {
    const logits = new Float32Array(6);
    logits[4] = NaN;
    expect(() => ctcLossAndGrad(logits, 2, 3, [1], 0)).toThrow(/frame 1/);
    expect(() => ctcLossAndGrad(new Float32Array(6), 2, 3, [0], 0)).toThrow(CtcError);
    expect(() => ctcLossAndGrad(new Float32Array(6), 2, 3, [3], 0)).toThrow(/outside/);
    expect(() => ctcLossAndGrad(new Float32Array(6), 2, 3, [1.5], 0)).toThrow(CtcError);
    expect(() => ctcLossAndGrad(new Float32Array(5), 2, 3, [1], 0)).toThrow(/T\*C/);
    expect(() => ctcLossAndGrad(new Float32Array(6), 2, 3, [1], 3)).toThrow(/blank/);
    expect(() => ctcLossAndGrad(new Float32Array(6), 2, 3, [1], 0, new Float32Array(2))).toThrow(/gradOut/);
  });
});

describe("ctcBatchLossAndGrad", () => {
  const C = 4;
  const Tmax = 6;
  const rand = mulberry32(21);
  const logits = randomLogits(rand, 3 * Tmax, C);
  const lengths = new Int32Array([6, 4, 2]);
  const labels = [[1, 2], [3, 3], [1, 2, 3]]; // the third cannot fit in 2 frames

  const single = (b: number) =>
    ctcLossAndGrad(logits.slice(b * Tmax * C, (b * Tmax + lengths[b]) * C), lengths[b], C, labels[b], 0);

  it("sums, averages or averages per label over the feasible samples and scales the gradient to match", () => {
    const s0 = single(0);
    const s1 = single(1);
    const sum = ctcBatchLossAndGrad(logits, 3, Tmax, C, lengths, labels, 0, { reduction: "sum" });
    expect(sum.loss).toBeCloseTo(s0.loss + s1.loss, 9);
    expect(sum.feasibleCount).toBe(2);
    expect(sum.infeasibleCount).toBe(1);
    expect(sum.losses[2]).toBe(Infinity);
    const mean = ctcBatchLossAndGrad(logits, 3, Tmax, C, lengths, labels, 0);
    expect(mean.loss).toBeCloseTo((s0.loss + s1.loss) / 2, 9);
    expect(mean.grad[0]).toBeCloseTo(s0.grad[0] / 2, 6);
    const perLabel = ctcBatchLossAndGrad(logits, 3, Tmax, C, lengths, labels, 0, { reduction: "meanPerLabel" });
    expect(perLabel.loss).toBeCloseTo((s0.loss / 2 + s1.loss / 2) / 2, 9);
    expect(perLabel.grad[Tmax * C + 1]).toBeCloseTo(s1.grad[1] / 4, 6);
  });

  it("gives zero gradient past each input length and for infeasible samples", () => {
    const r = ctcBatchLossAndGrad(logits, 3, Tmax, C, lengths, labels, 0, { reduction: "sum" });
    const s1 = single(1);
    for (let i = 0; i < lengths[1] * C; i++) expect(r.grad[Tmax * C + i]).toBeCloseTo(s1.grad[i], 6);
    for (let i = (Tmax + lengths[1]) * C; i < 2 * Tmax * C; i++) expect(r.grad[i]).toBe(0);
    for (let i = 2 * Tmax * C; i < 3 * Tmax * C; i++) expect(r.grad[i]).toBe(0);
  });

  it("returns loss 0 with zero gradient when no sample is feasible, and rejects inconsistent shapes", () => {
    const r = ctcBatchLossAndGrad(logits, 1, Tmax, C, [1], [[1, 2]], 0);
    expect(r.loss).toBe(0);
    expect(r.infeasibleCount).toBe(1);
    expect(() => ctcBatchLossAndGrad(logits, 3, Tmax, C, [6, 4], labels, 0)).toThrow(/input lengths/);
    expect(() => ctcBatchLossAndGrad(logits, 3, Tmax, C, [6, 7, 2], labels, 0)).toThrow(/outside/);
    expect(() => ctcBatchLossAndGrad(logits, 4, Tmax, C, [1, 1, 1, 1], [[], [], [], []], 0)).toThrow(/logits/);
    // @ts-expect-error an unknown reduction is a caller bug and must say so
    expect(() => ctcBatchLossAndGrad(logits, 3, Tmax, C, lengths, labels, 0, { reduction: "avg" })).toThrow(/reduction/);
  });
});
