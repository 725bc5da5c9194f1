import { describe, expect, it } from "vitest";
import { mulberry32 } from "../random/mulberry32";
import { shuffleInPlace, weightedSample } from "./shuffle";

describe("shuffleInPlace", () => {
  it("permutes in place, the same way for the same seed", () => {
    const a = shuffleInPlace([0, 1, 2, 3, 4, 5, 6, 7], mulberry32(3));
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(shuffleInPlace([0, 1, 2, 3, 4, 5, 6, 7], mulberry32(3))).toEqual(a);
  });
});

describe("weightedSample", () => {
  it("draws distinct indices, as many as asked (at most all of them)", () => {
    const drawn = weightedSample([1, 2, 3, 4, 5], 3, mulberry32(1));
    expect(drawn).toHaveLength(3);
    expect(new Set(drawn).size).toBe(3);
    expect(weightedSample([1, 2], 5, mulberry32(1)).sort()).toEqual([0, 1]);
    expect(weightedSample([1, 2], 0, mulberry32(1))).toEqual([]);
  });

  it("draws in proportion to the weights", () => {
    const rand = mulberry32(7);
    const wins = [0, 0, 0];
    for (let i = 0; i < 20_000; i++) wins[weightedSample([1, 3, 6], 1, rand)[0]]++;
    expect(wins[0] / 20_000).toBeCloseTo(0.1, 1);
    expect(wins[1] / 20_000).toBeCloseTo(0.3, 1);
    expect(wins[2] / 20_000).toBeCloseTo(0.6, 1);
  });

  it("never draws a zero weight while a positive one is left", () => {
    const rand = mulberry32(2);
    for (let i = 0; i < 200; i++) expect(weightedSample([0, 1, 0, 1e-9], 2, rand).sort()).toEqual([1, 3]);
  });
});
