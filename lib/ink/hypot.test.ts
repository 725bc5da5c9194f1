import { describe, expect, it } from "vitest";
import { hypot } from "./hypot";
import { mulberry32 } from "../random/mulberry32";

describe("hypot", () => {
  it("is Math.hypot bit for bit, so preprocessing's features do not change", () => {
    const random = mulberry32(7);
    const scales = [1e-300, 1e-5, 0.1, 1, 37, 1e5, 1e300];
    let checked = 0;
    for (let i = 0; i < 200_000; i++) {
      const s = scales[i % scales.length];
      const x = (random() * 2 - 1) * s * (i % 13 === 0 ? 0 : 1);
      const y = (random() * 2 - 1) * s * (i % 11 === 0 ? 1e-9 : 1);
      if (!Object.is(hypot(x, y), Math.hypot(x, y))) throw new Error(`hypot(${x}, ${y}) = ${hypot(x, y)}, Math.hypot gives ${Math.hypot(x, y)}`);
      checked++;
    }
    expect(checked).toBe(200_000);
  });

  it("agrees on the edge cases", () => {
    const cases: [number, number][] = [[0, 0], [-0, 0], [-0, -0], [3, 4], [-3, 4], [5e-324, 5e-324], [1.7e308, 1.7e308], [Infinity, NaN], [NaN, -Infinity], [NaN, 1], [1, NaN], [-Infinity, 2]];
    for (const [x, y] of cases) expect(Object.is(hypot(x, y), Math.hypot(x, y)), `hypot(${x}, ${y})`).toBe(true);
  });
});
