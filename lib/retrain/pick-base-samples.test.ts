import { describe, expect, it } from "vitest";
import { isLineSample, pickBaseSamples } from "./pick-base-samples";

const pool = [
  ...Array.from({ length: 90 }, (_, i) => ({ id: `w${i}`, text: `word${i}` })),
  ...Array.from({ length: 10 }, (_, i) => ({ id: `l${i}`, text: `a line ${i}` })),
];

describe("pickBaseSamples", () => {
  it("keeps the pool's mix without a line share", () => {
    const picked = pickBaseSamples(pool, 50, undefined, 3);
    expect(picked).toHaveLength(50);
    expect(pickBaseSamples(pool, 50, undefined, 3)).toEqual(picked);
  });
  it("takes the asked share of lines, the rest words, no sample twice", () => {
    const picked = pickBaseSamples(pool, 20, 0.4, 3);
    expect(picked).toHaveLength(20);
    expect(picked.filter(isLineSample)).toHaveLength(8);
    expect(new Set(picked.map((s) => s.id)).size).toBe(20);
  });
  it("makes up with words when lines run out, and with lines when words do", () => {
    const many = pickBaseSamples(pool, 40, 0.5, 3);
    expect(many).toHaveLength(40);
    expect(many.filter(isLineSample)).toHaveLength(10);
    const wordsFew = pickBaseSamples(pool.slice(85), 12, 0, 1);
    expect(wordsFew).toHaveLength(12);
    expect(wordsFew.filter(isLineSample)).toHaveLength(7);
    expect(pickBaseSamples(pool, 500, 0.5, 3)).toHaveLength(100);
  });
  it("refuses a share outside [0, 1]", () => {
    expect(() => pickBaseSamples(pool, 10, 1.5, 1)).toThrow(/line share/);
  });
  it("tells a line from a word by the space inside it", () => {
    expect(isLineSample({ text: " word " })).toBe(false);
    expect(isLineSample({ text: "two words" })).toBe(true);
  });
});
