import { describe, expect, it } from "vitest";
import { INK_VERSION, InkSchema, type Ink } from "../types";
import { appendStroke, emptyInk, lastTimestamp } from "./ink-edits";
import { createInkHistory, recordInk, redoInk, undoInk } from "./ink-history";
import { decidePointerDown } from "./pointer-policy";
import { extendStroke, finishStroke, pointerKind, startStroke, storedPressure, timeOriginFor } from "./stroke-builder";
import { extendOutline, finishOutline, nibRadius, outlineTip, startOutline, strokeOutline, strokeOutlinePath, svgPathSink, type PathSink } from "./stroke-outline";
import { backingStoreSize, MAX_CANVAS_SIDE } from "./backing-store-size";

const dot = (x: number): Ink => appendStroke(emptyInk(), { points: [{ x, y: 0 }] });

describe("ink history", () => {
  it("undoes and redoes through immutable states, and a new edit clears redo", () => {
    const a = emptyInk();
    const b = appendStroke(a, { points: [{ x: 1, y: 1 }] });
    const c = appendStroke(b, { points: [{ x: 2, y: 2 }] });
    const h0 = createInkHistory(a);
    const h2 = recordInk(recordInk(h0, b), c);
    expect(h2.present).toBe(c);
    const u1 = undoInk(h2);
    expect(u1.present).toBe(b);
    const bottom = undoInk(u1);
    expect(bottom.present).toBe(a);
    expect(undoInk(bottom)).toBe(bottom); // nothing left to undo: same value
    expect(redoInk(u1).present).toBe(c);
    const d = dot(9);
    const branched = recordInk(u1, d);
    expect(branched.future).toEqual([]);
    expect(redoInk(branched)).toBe(branched);
    // The old histories still describe what they described.
    expect(h2.present).toBe(c);
    expect(u1.future).toEqual([c]);
    expect(a.strokes).toHaveLength(0);
    expect(b.strokes).toHaveLength(1);
  });

  it("forgets the oldest states beyond the limit, and ignores recording the present again", () => {
    let h = createInkHistory(dot(0));
    for (let i = 1; i <= 10; i++) h = recordInk(h, dot(i), 3);
    expect(h.past.map((i) => i.strokes[0].points[0].x)).toEqual([7, 8, 9]);
    expect(recordInk(h, h.present)).toBe(h);
  });
});

describe("ink edits", () => {
  it("appends without touching the previous ink, and freezes the new one", () => {
    const a = dot(1);
    const points = [{ x: 5, y: 5, t: 3 }];
    const b = appendStroke(a, { points });
    points[0].x = 99; // the caller's array is copied
    expect(a.strokes).toHaveLength(1);
    expect(b.strokes[0]).toBe(a.strokes[0]);
    expect(b.strokes[1].points[0]).toEqual({ x: 5, y: 5, t: 3 });
    expect(Object.isFrozen(b) && Object.isFrozen(b.strokes) && Object.isFrozen(b.strokes[1].points[0])).toBe(true);
    expect(() => (b.strokes as unknown as unknown[]).push(1)).toThrow();
    expect(InkSchema.safeParse(b).success).toBe(true);
    expect(b.version).toBe(INK_VERSION);
  });

  it("finds the last timestamp", () => {
    expect(lastTimestamp(emptyInk())).toBeUndefined();
    expect(lastTimestamp(appendStroke(dot(0), { points: [{ x: 0, y: 0, t: 4 }, { x: 1, y: 0, t: 9 }] }))).toBe(9);
  });
});

describe("stroke building", () => {
  it("records t since the origin, stored pressure, and skips repeats and bad samples", () => {
    let s = startStroke(7, "pen", { x: 1, y: 2, time: 1000, pressure: 0.3 }, 1000);
    s = extendStroke(
      s,
      [
        { x: 1, y: 2, time: 1000, pressure: 0.3 }, // coalesced repeat of the down event
        { x: 2, y: 2, time: 1004, pressure: 1.4 },
        { x: NaN, y: 2, time: 1005, pressure: 0.5 },
        { x: 3, y: 2, time: 1003.5, pressure: NaN }, // slightly out of order
      ],
      1000,
    );
    expect(s.points).toEqual([
      { x: 1, y: 2, t: 0, p: 0.3 },
      { x: 2, y: 2, t: 4, p: 1 },
      { x: 3, y: 2, t: 4, p: 0.5 },
    ]);
    expect(finishStroke(s)).toEqual({ points: s.points });
    expect(extendStroke(s, [], 1000)).toBe(s);
  });

  it("keeps the mouse's constant 0.5 pressure and handles empty strokes", () => {
    expect(storedPressure(0.5)).toBe(0.5);
    expect(storedPressure(-1)).toBe(0);
    expect(finishStroke(startStroke(1, "mouse", { x: Infinity, y: 0, time: 0, pressure: 0.5 }, 0))).toBeUndefined();
    expect(pointerKind("pen")).toBe("pen");
    expect(pointerKind("")).toBe("unknown");
  });

  it("continues an existing ink's clock after its last point", () => {
    expect(timeOriginFor(5000, undefined)).toBe(5000);
    expect(5000 - timeOriginFor(5000, 1200, 1)).toBe(1201);
  });
});

describe("palm rejection", () => {
  it.each([
    ["any", false, "touch", undefined, "start"],
    ["any", true, "touch", undefined, "start"],
    ["pen-only", false, "touch", undefined, "ignore"],
    ["pen-only", false, "mouse", undefined, "ignore"],
    ["pen-only", false, "pen", undefined, "start"],
    ["auto", false, "touch", undefined, "start"],
    ["auto", true, "touch", undefined, "ignore"],
    ["auto", true, "mouse", undefined, "start"],
    ["auto", true, "pen", "touch", "replace"],
    ["any", false, "touch", "touch", "ignore"],
    ["any", false, "pen", "pen", "ignore"],
    ["pen-only", true, "touch", "pen", "ignore"],
  ] as const)("mode %s, pen seen %s: %s down while %s draws -> %s", (mode, penSeen, incoming, active, expected) => {
    expect(decidePointerDown(mode, penSeen, incoming, active)).toBe(expected);
  });
});

describe("stroke outline", () => {
  const style = { size: 8, thinning: 0.6, smoothing: 0.5, streamline: 0.4 };

  /** Records each sub-path as a polygon (discs sampled at 32 points, clockwise on screen as canvas draws them). */
  function polygonSink() {
    const polygons: [number, number][][] = [];
    const sink: PathSink = {
      moveTo: (x, y) => void polygons.push([[x, y]]),
      lineTo: (x, y) => void polygons.at(-1)!.push([x, y]),
      arc: (cx, cy, r, start, end) => {
        for (let k = 1; k <= 32; k++) {
          const a = start + ((end - start) * k) / 32;
          polygons.at(-1)!.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
        }
      },
      closePath: () => {},
    };
    return { sink, polygons };
  }
  const signedArea = (poly: [number, number][]) => poly.reduce((sum, [x, y], i) => sum + x * poly[(i + 1) % poly.length][1] - poly[(i + 1) % poly.length][0] * y, 0) / 2;
  /** Nonzero winding of the point in the union of the polygons. */
  const winding = (polygons: [number, number][][], px: number, py: number) => {
    let w = 0;
    for (const poly of polygons)
      for (let i = 0; i < poly.length; i++) {
        const [x0, y0] = poly[i], [x1, y1] = poly[(i + 1) % poly.length];
        const cross = (x1 - x0) * (py - y0) - (px - x0) * (y1 - y0);
        if (y0 <= py && y1 > py && cross > 0) w++;
        else if (y0 > py && y1 <= py && cross < 0) w--;
      }
    return w;
  };
  const wave = (n: number, p?: number) => Array.from({ length: n }, (_, i) => ({ x: 10 + i * 3, y: 50 + 20 * Math.sin(i / 4), t: i * 16, ...(p === undefined ? {} : { p: p + (i === 0 ? 0.01 : 0) }) }));

  it("takes pressure as real only when it varies (mice report a constant 0.5, inks may carry none)", () => {
    const at = (ps: (number | undefined)[]) => strokeOutline(ps.map((p, i) => ({ x: i * 3, y: 0, t: i * 16, ...(p === undefined ? {} : { p }) })), svgPathSink(), style).realPressure;
    expect(at([0.5, 0.5, 0.5])).toBe(false);
    expect(at([undefined, undefined, undefined])).toBe(false);
    expect(at([0.2, 0.6, 0.6])).toBe(true);
  });

  it("grows point by point into exactly the finished stroke's outline", () => {
    const points = wave(60, 0.4).map((p, i) => ({ ...p, p: 0.3 + 0.4 * Math.abs(Math.sin(i / 7)) }));
    const batch = strokeOutlinePath(points, style, true);
    const sink = svgPathSink();
    const state = startOutline(style);
    for (const p of points) {
      extendOutline(state, p, sink);
      outlineTip(state, svgPathSink()); // drawing the tip each frame leaves the state alone
    }
    finishOutline(state, sink);
    expect(sink.toString()).toBe(batch);
    expect(state.points).toBe(60);
    expect([state.x, state.y]).toEqual([points[59].x, points[59].y]); // the trace reaches the pen-up point
  });

  it("winds every sub-path the same way, so a nonzero fill covers the whole trace", () => {
    // A hairpin and a loop: direction reversals are where a swept outline would fold over itself.
    const hairpin = [...Array.from({ length: 20 }, (_, i) => ({ x: i * 4, y: 50 })), ...Array.from({ length: 20 }, (_, i) => ({ x: 76 - i * 4, y: 52 }))];
    const loop = Array.from({ length: 40 }, (_, i) => ({ x: 50 + 20 * Math.cos(i / 5), y: 50 + 20 * Math.sin(i / 5) + i }));
    for (const points of [hairpin, loop, wave(50, 0.5)]) {
      const { sink, polygons } = polygonSink();
      strokeOutline(points, sink, style, true);
      const areas = polygons.map(signedArea).filter((a) => Math.abs(a) > 1e-9);
      expect(areas.length).toBeGreaterThan(points.length / 2);
      expect(areas.every((a) => a > 0)).toBe(true);
      for (const p of [points[0], points[Math.floor(points.length / 2)], points.at(-1)!]) expect(winding(polygons, p.x, p.y)).toBeGreaterThan(0);
      expect(winding(polygons, -50, -50)).toBe(0);
    }
  });

  it("widens with real pressure, and simulates it from speed when the device reports none", () => {
    const width = (points: { x: number; y: number }[]) => {
      const { sink, polygons } = polygonSink();
      strokeOutline(points, sink, style, true);
      const ys = polygons.flat().filter(([x]) => x > 60 && x < 100).map(([, y]) => y);
      return Math.max(...ys) - Math.min(...ys);
    };
    const line = (p: number) => Array.from({ length: 60 }, (_, i) => ({ x: i * 3, y: 50, t: i * 16, p: i === 0 ? p - 0.01 : p }));
    expect(width(line(0.9))).toBeGreaterThan(width(line(0.1)) * 1.5);
    expect(width(line(0.9))).toBeCloseTo(nibRadius(style, 0.9) * 2, 1);
    // A mouse (constant 0.5): slow writing draws wider than fast.
    const moved = (msPerPoint: number) => Array.from({ length: 60 }, (_, i) => ({ x: i * 3, y: 50, t: i * msPerPoint, p: 0.5 }));
    expect(width(moved(40))).toBeGreaterThan(width(moved(1)) * 1.5);
    expect(width(moved(1))).toBeGreaterThanOrEqual(style.size * 0.2 - 1e-9); // never vanishes
  });

  it("draws a dot for one point, nothing for none, and skips non-finite points", () => {
    expect(strokeOutlinePath([])).toBe("");
    // A tap: one disc, as wide as a fine pen at writing speed (the start of every mouse stroke).
    expect(strokeOutlinePath([{ x: 3, y: 3, p: 0.5 }], style)).toBe("M5.56,3 A2.56,2.56 0 1 1 0.44,3 A2.56,2.56 0 1 1 5.56,3 Z");
    const { sink, polygons } = polygonSink();
    strokeOutline([{ x: 0, y: 0 }, { x: Number.NaN, y: 1 }, { x: 10, y: Number.POSITIVE_INFINITY }, { x: 10, y: 0 }], sink, style, true);
    expect(polygons.flat().every(([x, y]) => Number.isFinite(x) && Number.isFinite(y))).toBe(true);
    expect(winding(polygons, 10, 0)).toBeGreaterThan(0);
  });
});

describe("backing store size", () => {
  it("scales by devicePixelRatio, caps huge canvases and survives bad input", () => {
    expect(backingStoreSize(300, 150, 2)).toEqual({ width: 600, height: 300, scale: 2 });
    expect(backingStoreSize(300.4, 150.2, 1.5)).toEqual({ width: 451, height: 225, scale: 1.5 });
    const big = backingStoreSize(6000, 1000, 3);
    expect(big.width).toBe(MAX_CANVAS_SIDE);
    expect(big.scale).toBeCloseTo(MAX_CANVAS_SIDE / 6000);
    expect(backingStoreSize(0, NaN, NaN)).toEqual({ width: 1, height: 1, scale: 1 });
  });
});
