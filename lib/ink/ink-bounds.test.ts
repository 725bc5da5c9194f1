import { describe, expect, it } from "vitest";
import { inkBounds } from "./ink-bounds";

describe("inkBounds", () => {
  it("boxes every point of every stroke", () => {
    const ink = { strokes: [{ points: [{ x: 3, y: -1 }, { x: -2, y: 4 }] }, { points: [{ x: 10, y: 0 }] }] };
    expect(inkBounds(ink)).toEqual({ minX: -2, minY: -1, maxX: 10, maxY: 4 });
  });
  it("is null for an ink without points", () => {
    expect(inkBounds({ strokes: [] })).toBeNull();
  });
});
