import { describe, expect, it } from "vitest";
import { inkPreview } from "./preview";
import { countPoints, InkSchema, type Ink } from "./types";

const ink = (strokes: { x: number; y: number; t?: number }[][]): Ink => ({ version: 1, strokes: strokes.map((points) => ({ points })) });

describe("inkPreview", () => {
  it("brings a 50,000-point sample down to at most maxPoints, as a valid ink", () => {
    const strokes = Array.from({ length: 10 }, (_, s) => Array.from({ length: 5_000 }, (_, i) => ({ x: s * 100 + 40 * Math.sin(i / 50), y: 40 * Math.cos(i / 37) + i / 100, t: i })));
    const preview = inkPreview(ink(strokes));
    expect(countPoints(preview)).toBeLessThanOrEqual(300);
    expect(preview.strokes).toHaveLength(10);
    expect(InkSchema.safeParse(preview).success).toBe(true);
    expect(JSON.stringify(preview).length).toBeLessThan(10_000);
    // Endpoints are kept; t and p are dropped.
    expect(preview.strokes[3].points[0]).toEqual({ x: 300, y: 40 });
    expect(preview.strokes[3].points.at(-1)).toEqual({ x: Number(strokes[3].at(-1)!.x.toFixed(1)), y: Number(strokes[3].at(-1)!.y.toFixed(1)) });
  });

  it("drops points on straight lines (RDP) and keeps the corners", () => {
    const line = Array.from({ length: 101 }, (_, i) => ({ x: i, y: 0 }));
    const corner = [...line, ...Array.from({ length: 100 }, (_, i) => ({ x: 100, y: i + 1 }))];
    expect(inkPreview(ink([line])).strokes[0].points).toEqual([{ x: 0, y: 0 }, { x: 100, y: 0 }]);
    expect(inkPreview(ink([corner])).strokes[0].points).toEqual([{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 100 }]);
  });

  it("keeps small inks as they are (minus t/p), dots included, and bounds the stroke count too", () => {
    const small = ink([[{ x: 1.234, y: 2, t: 5 }], [{ x: 0, y: 0 }, { x: 3, y: 4 }]]);
    expect(inkPreview(small)).toEqual(ink([[{ x: 1.2, y: 2 }], [{ x: 0, y: 0 }, { x: 3, y: 4 }]]));
    const dots = ink(Array.from({ length: 1000 }, (_, i) => [{ x: i, y: i % 7 }]));
    expect(countPoints(inkPreview(dots, { maxPoints: 300 }))).toBe(300);
    expect(inkPreview(ink([])).strokes).toEqual([]);
  });
});
