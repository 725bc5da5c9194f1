import { describe, it, expect } from "vitest";
import { splitWriters } from "./writer-split";

const s = (writer: string, n: number) => Array.from({ length: n }, (_, i) => ({ writer, i }));

describe("splitWriters (the bench-adapt protocol)", () => {
  const data = [...s("a", 5), ...s("b", 9), ...s("c", 3), ...s("d", 9)];

  it("keeps writers with more than `train` samples; first `train` adapt, the rest test, in file order", () => {
    const out = splitWriters(data, { train: 4 });
    expect(out.map((w) => w.writer)).toEqual(["a", "b", "d"]);
    expect(out[0].adapt.map((x) => x.i)).toEqual([0, 1, 2, 3]);
    expect(out[0].test.map((x) => x.i)).toEqual([4]);
  });

  it("limits to the largest writers (ties in file order) and shuffles with a fixed seed", () => {
    const out = splitWriters(data, { train: 4, writers: 2, shuffleSeed: 3 });
    expect(out.map((w) => w.writer)).toEqual(["b", "d"]);
    expect(out[0].adapt.length + out[0].test.length).toBe(9);
    expect(new Set([...out[0].adapt, ...out[0].test].map((x) => x.i)).size).toBe(9);
    expect(splitWriters(data, { train: 4, writers: 2, shuffleSeed: 3 })).toEqual(out);
  });

  it("refuses a bad train count", () => {
    expect(() => splitWriters(data, { train: 0 })).toThrow(/positive integer/);
  });
});
