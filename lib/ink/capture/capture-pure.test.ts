import { describe, expect, it } from "vitest";
import { INK_VERSION, InkSchema, type Ink } from "../types";
import { appendStroke, emptyInk, lastTimestamp } from "./ink-edits";
import { createInkHistory, recordInk, redoInk, undoInk } from "./ink-history";
import { decidePointerDown } from "./pointer-policy";
import { extendStroke, finishStroke, pointerKind, startStroke, storedPressure, timeOriginFor } from "./stroke-builder";
import { hasRealPressure, outlineToSvgPath, strokeOutlinePath } from "./stroke-outline";
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
  it("detects real pressure", () => {
    expect(hasRealPressure([{ x: 0, y: 0, p: 0.5 }, { x: 1, y: 0, p: 0.5 }])).toBe(false);
    expect(hasRealPressure([{ x: 0, y: 0 }, { x: 1, y: 0 }])).toBe(false);
    expect(hasRealPressure([{ x: 0, y: 0, p: 0.2 }, { x: 1, y: 0, p: 0.6 }])).toBe(true);
  });

  it("makes a closed SVG path around the stroke that widens with pressure", () => {
    const line = (p: number) => Array.from({ length: 20 }, (_, i) => ({ x: i * 5, y: 50, p: i === 0 ? p - 0.01 : p }));
    const width = (d: string) => {
      const ys = [...d.matchAll(/-?[\d.]+,(-?[\d.]+)/g)].map((m) => Number(m[1]));
      return Math.max(...ys) - Math.min(...ys);
    };
    const light = strokeOutlinePath(line(0.1), { size: 8, thinning: 0.6, smoothing: 0.5, streamline: 0.4 });
    const heavy = strokeOutlinePath(line(0.9), { size: 8, thinning: 0.6, smoothing: 0.5, streamline: 0.4 });
    expect(light).toMatch(/^M[\d.,-]+ Q.* T.*Z$/);
    expect(width(heavy)).toBeGreaterThan(width(light) * 1.5);
    expect(strokeOutlinePath([])).toBe("");
    expect(strokeOutlinePath([{ x: 3, y: 3, p: 0.5 }])).toMatch(/Z$/); // a dot is still drawn
    expect(outlineToSvgPath([[0, 0], [1, 1]])).toBe("M0,0 L1,1 Z");
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
