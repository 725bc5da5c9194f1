import { describe, expect, it } from "vitest";
import { concatBytes } from "./concat-bytes";

describe("concatBytes", () => {
  it("joins pieces in order", () => {
    expect([...concatBytes([Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3)])]).toEqual([1, 2, 3]);
  });
  it("returns a single piece itself and no pieces as an empty array", () => {
    const one = Uint8Array.of(7, 8);
    expect(concatBytes([one])).toBe(one);
    expect(concatBytes([]).byteLength).toBe(0);
  });
  it("respects each piece's view into a larger buffer", () => {
    const backing = Uint8Array.of(0, 1, 2, 3, 4, 5);
    expect([...concatBytes([backing.subarray(1, 3), backing.subarray(4)])]).toEqual([1, 2, 4, 5]);
  });
});
