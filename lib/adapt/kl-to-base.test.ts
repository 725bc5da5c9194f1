import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random/mulberry32";
import { addKlToBase } from "./kl-to-base";

const randomLogits = (n: number, seed: number) => {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: n }, () => 4 * (rand() - 0.5));
};

describe("addKlToBase", () => {
  it("is zero, with a zero gradient, when the adapted posteriors equal the base's", () => {
    const logits = randomLogits(5 * 7, 1);
    const grad = new Float32Array(35);
    expect(addKlToBase(logits, logits, 5, 7, 0.5, grad)).toBeCloseTo(0, 6);
    expect(Math.max(...grad.map(Math.abs))).toBeLessThan(1e-6);
  });

  it("adds the gradient of weight · KL(base ‖ adapted), checked numerically", () => {
    const T = 4, C = 6, weight = 0.7;
    const logits = randomLogits(T * C, 2);
    const base = randomLogits(T * C, 3);
    const grad = new Float32Array(T * C).fill(0.25); // accumulates onto what is there
    const loss = addKlToBase(logits, base, T, C, weight, grad);
    expect(loss).toBeGreaterThan(0);
    const lossAt = (l: Float32Array) => addKlToBase(l, base, T, C, weight, new Float32Array(T * C));
    for (let k = 0; k < T * C; k++) {
      const h = 1e-2;
      const up = Float32Array.from(logits), down = Float32Array.from(logits);
      up[k] += h;
      down[k] -= h;
      expect(grad[k] - 0.25).toBeCloseTo((lossAt(up) - lossAt(down)) / (2 * h), 3);
    }
  });

  it("names the shapes when the buffers are too small", () => {
    expect(() => addKlToBase(new Float32Array(10), new Float32Array(12), 2, 6, 1, new Float32Array(12))).toThrow(/\[T, C\] = \[2, 6\] needs 12 values; logits 10/);
  });
});
