import { describe, expect, it } from "vitest";
import { loadFixtureInks } from "./fixtures";
import { inkToPolylines, type Polyline } from "./polylines";
import { writingZone } from "./writing-height";
import { centreLine, MIN_LEVELLED_WIDTH_HEIGHTS } from "./centre-line";
import { levelCentreLine, MAX_LEVELLED_SLOPE } from "./level-centre-line";
import { preprocessInk } from "./preprocess";
import { INK_VERSION, type Ink } from "./types";

const fixtures = loadFixtureInks();
const word = fixtures.find((f) => /^[a-z]{5,}$/.test(f.text))!;

/** `copies` of the fixture word side by side, one writing height apart, each raised by drift(x) (y down). */
function lineOfWords(copies: number, drift: (x: number, height: number) => number): Ink {
  const { polylines } = inkToPolylines(word.ink);
  const zone = writingZone(polylines);
  const xs = polylines.flatMap((p) => Array.from(p.filter((_, i) => i % 2 === 0)));
  const step = Math.max(...xs) - Math.min(...xs) + zone.height;
  return {
    version: INK_VERSION,
    strokes: Array.from({ length: copies }, (_, k) =>
      word.ink.strokes.map((s) => ({ points: s.points.map((pt) => ({ x: pt.x + k * step, y: pt.y + drift(pt.x + k * step, zone.height) })) })),
    ).flat(),
  };
}

/** The level line's writing height: the unit drift and spread are measured in, whatever the ink. */
const unit = writingZone(inkToPolylines(lineOfWords(6, () => 0)).polylines).height;

/** A line's centre points, taken in `unit`-sized windows (so a drifting line's inflated zone does not hide its drift). */
function centrePoints(polylines: readonly Polyline[]) {
  return centreLine(polylines, { ...writingZone(polylines), height: unit });
}

/** The spread (max − min) of a line's centre points, in level writing heights. */
function centreSpread(polylines: readonly Polyline[]): number {
  const ys = centrePoints(polylines).map(([, y]) => y);
  expect(ys.length).toBeGreaterThan(5);
  return (Math.max(...ys) - Math.min(...ys)) / unit;
}

const level = (ink: Ink) => {
  const { polylines } = inkToPolylines(ink);
  return { before: polylines, after: levelCentreLine(polylines, writingZone(polylines)) };
};

describe("levelCentreLine", () => {
  it("leaves words and short phrases exactly as they are", () => {
    for (const f of fixtures.filter((x) => !x.text.includes(" ")).slice(0, 20)) {
      const { polylines } = inkToPolylines(f.ink);
      const zone = writingZone(polylines);
      let maxX = -Infinity;
      for (const p of polylines) for (let i = 0; i < p.length; i += 2) maxX = Math.max(maxX, p[i]);
      if (maxX - zone.minX >= MIN_LEVELLED_WIDTH_HEIGHTS * zone.height) continue;
      expect(levelCentreLine(polylines, zone), f.id).toBe(polylines);
    }
  });

  it("levels a line that climbs steadily, and its writing height becomes the level line's", () => {
    const flat = level(lineOfWords(8, () => 0));
    for (const slope of [-0.1, -0.04, 0.04, 0.1]) {
      const { before, after } = level(lineOfWords(8, (x) => -slope * x));
      expect(centreSpread(before), `slope ${slope}`).toBeGreaterThan(1);
      expect(centreSpread(after), `slope ${slope}`).toBeLessThan(0.35);
      expect(writingZone(after).height / writingZone(flat.after).height, `slope ${slope}`).toBeCloseTo(1, 1);
    }
  });

  it("follows a baseline that wanders up and down, not only a straight drift", () => {
    const { before, after } = level(lineOfWords(8, (x, h) => 1.2 * h * Math.sin(x / (12 * h))));
    expect(centreSpread(before)).toBeGreaterThan(2);
    expect(centreSpread(after)).toBeLessThan(0.3 * centreSpread(before));
  });

  it("leaves a line steeper than MAX_LEVELLED_SLOPE as written: a diagonal note is layout, not drift", () => {
    const { before, after } = level(lineOfWords(12, (x) => -(MAX_LEVELLED_SLOPE + 0.15) * x));
    expect(after).toBe(before);
  });

  it("keeps every point, in order and in its stroke, finite", () => {
    const { before, after } = level(lineOfWords(7, (x, h) => 0.1 * x + 0.5 * h * Math.sin(x / (5 * h))));
    expect(after.map((p) => p.length)).toEqual(before.map((p) => p.length));
    for (const p of after) for (const v of p) expect(Number.isFinite(v)).toBe(true);
  });

  it("degenerate inks come back unchanged: one point, a vertical bar, a flat dash", () => {
    for (const polylines of [[Float64Array.from([3, 4])], [Float64Array.from([0, 0, 0, 100])], [Float64Array.from([0, 0, 1000, 0])]]) {
      expect(levelCentreLine(polylines, writingZone(polylines))).toEqual(polylines);
    }
  });

  it("in preprocessing: a drifting line gives nearly the features of the same line written level", () => {
    const flat = preprocessInk(lineOfWords(6, () => 0));
    const drifting = preprocessInk(lineOfWords(6, (x) => -0.12 * x));
    const raw = (() => {
      // What the drifting line gave before it was levelled: its y feature (index 2) spread over the drift.
      const ys = Array.from({ length: drifting.steps }, (_, k) => drifting.features[k * drifting.dims + 2]);
      return Math.max(...ys) - Math.min(...ys);
    })();
    const flatYs = Array.from({ length: flat.steps }, (_, k) => flat.features[k * flat.dims + 2]);
    expect(Math.abs(drifting.steps - flat.steps) / flat.steps).toBeLessThan(0.15);
    expect(raw).toBeLessThan(1.3 * (Math.max(...flatYs) - Math.min(...flatYs)));
  });
});
