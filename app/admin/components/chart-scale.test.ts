import { describe, expect, it } from "vitest";
import { decimalsFor, formatTick, linearScale, logCountTicks, nearestIndex, niceStep, niceTicks, percentTick, stepIndex, unionXs, valueAt } from "./chart-scale";

describe("niceStep", () => {
  it("picks 1, 2 or 5 times a power of ten", () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(100, 4)).toBe(20);
    expect(niceStep(1, 4)).toBe(0.2);
    expect(niceStep(0.07, 4)).toBe(0.02);
    expect(niceStep(3000, 4)).toBe(1000);
    expect(niceStep(9, 1)).toBe(10);
  });

  it("falls back to 1 for an empty or broken span", () => {
    expect(niceStep(0, 4)).toBe(1);
    expect(niceStep(Number.NaN, 4)).toBe(1);
    expect(niceStep(-3, 4)).toBe(1);
  });
});

describe("niceTicks", () => {
  it("widens the range to whole steps and lists every tick", () => {
    expect(niceTicks(0, 37)).toEqual({ min: 0, max: 40, step: 10, values: [0, 10, 20, 30, 40] });
    expect(niceTicks(3, 97, 5)).toEqual({ min: 0, max: 100, step: 20, values: [0, 20, 40, 60, 80, 100] });
  });

  it("has no float noise in the values", () => {
    const t = niceTicks(0, 0.7, 7);
    expect(t.step).toBe(0.1);
    expect(t.values).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
  });

  it("keeps a range that already ends on ticks", () => {
    expect(niceTicks(0, 1, 5).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it("gives a single value, zero, or reversed bounds a usable axis", () => {
    expect(niceTicks(5, 5).values[0]).toBeLessThanOrEqual(5);
    expect(niceTicks(5, 5).values.at(-1)).toBeGreaterThanOrEqual(5);
    expect(niceTicks(5, 5).max).toBeGreaterThan(niceTicks(5, 5).min);
    expect(niceTicks(0, 0)).toMatchObject({ min: 0, max: 1 });
    expect(niceTicks(40, 0)).toEqual(niceTicks(0, 40));
    expect(niceTicks(Number.NaN, 3)).toEqual({ min: 0, max: 1, step: 1, values: [0, 1] });
  });

  it("keeps whole steps on a count axis", () => {
    expect(niceTicks(0, 3, 8).step).toBe(0.5);
    expect(niceTicks(0, 3, 8, { integer: true })).toEqual({ min: 0, max: 3, step: 1, values: [0, 1, 2, 3] });
    expect(niceTicks(1, 1, 4, { integer: true }).values.every(Number.isInteger)).toBe(true);
  });

  it("covers negative ranges", () => {
    expect(niceTicks(-12, 3, 3)).toEqual({ min: -15, max: 5, step: 5, values: [-15, -10, -5, 0, 5] });
  });

  it("keeps the tick count near what was asked for, over many ranges", () => {
    for (let hi = 0.013; hi < 1e6; hi *= 1.37) {
      const t = niceTicks(0, hi, 4);
      expect(t.values.length - 1).toBeGreaterThanOrEqual(2);
      expect(t.values.length - 1).toBeLessThanOrEqual(8);
      expect(t.max).toBeGreaterThanOrEqual(hi);
      expect(t.max - t.step).toBeLessThan(hi);
    }
  });
});

describe("tick labels", () => {
  it("shows as many decimals as the step needs", () => {
    expect(decimalsFor(0.02)).toBe(2);
    expect(decimalsFor(0.1)).toBe(1);
    expect(decimalsFor(5)).toBe(0);
    expect(formatTick(0.3, 0.1)).toBe("0.3");
    expect(formatTick(2, 0.5)).toBe("2.0");
    expect(formatTick(400, 100)).toBe("400");
  });

  it("writes shares as percentages with the step's decimals", () => {
    expect(percentTick(0.05, 0.05)).toBe("5%");
    expect(percentTick(0.025, 0.005)).toBe("2.5%");
    expect(percentTick(1, 0.2)).toBe("100%");
  });

  it("writes big round counts in thousands", () => {
    expect(formatTick(12_000, 2000)).toBe("12k");
    expect(formatTick(15_000, 5000)).toBe("15k");
    expect(formatTick(8000, 2000)).toBe("8000");
  });
});

describe("scales", () => {
  it("maps a domain linearly onto a range, flipped for y", () => {
    const y = linearScale(0, 10, 100, 0);
    expect(y(0)).toBe(100);
    expect(y(10)).toBe(0);
    expect(y(2.5)).toBe(75);
    expect(linearScale(3, 3, 0, 50)(3)).toBe(25);
  });

  it("gives log count axes powers of ten past the maximum", () => {
    expect(logCountTicks(0)).toEqual([0, 1]);
    expect(logCountTicks(7)).toEqual([0, 1, 10]);
    expect(logCountTicks(10)).toEqual([0, 1, 10]);
    expect(logCountTicks(11)).toEqual([0, 1, 10, 100]);
    expect(logCountTicks(2500)).toEqual([0, 1, 10, 100, 1000, 10000]);
  });
});

describe("hover lookup", () => {
  it("finds the nearest x, ties to the earlier one", () => {
    const xs = [0, 10, 20, 40];
    expect(nearestIndex(xs, -5)).toBe(0);
    expect(nearestIndex(xs, 4)).toBe(0);
    expect(nearestIndex(xs, 5)).toBe(0);
    expect(nearestIndex(xs, 6)).toBe(1);
    expect(nearestIndex(xs, 29)).toBe(2);
    expect(nearestIndex(xs, 31)).toBe(3);
    expect(nearestIndex(xs, 1000)).toBe(3);
    expect(nearestIndex([], 3)).toBe(-1);
    expect(nearestIndex([7], 3)).toBe(0);
  });

  it("agrees with a linear scan on a long curve", () => {
    const xs = Array.from({ length: 400 }, (_, i) => i * 10 + (i % 7)); // ascending, uneven gaps
    for (let x = -10; x < 4100; x += 0.7) {
      let best = 0;
      for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
      expect(xs[nearestIndex(xs, x)]).toBe(xs[best]);
    }
  });

  it("merges the series' x values and reads each series at one", () => {
    const series = [
      { points: [[0, 1], [20, 0.5], [10, Number.NaN]] as [number, number][] },
      { points: [[10, 0.8], [20, 0.4]] as [number, number][] },
    ];
    expect(unionXs(series)).toEqual([0, 10, 20]);
    expect(valueAt(series[0].points, 20)).toBe(0.5);
    expect(valueAt(series[0].points, 10)).toBeNull();
    expect(valueAt(series[1].points, 0)).toBeNull();
  });
});

describe("stepIndex", () => {
  it("moves along the chart's axis and stops at the ends", () => {
    expect(stepIndex("ArrowRight", 2, 5, "horizontal")).toBe(3);
    expect(stepIndex("ArrowLeft", 0, 5, "horizontal")).toBe(0);
    expect(stepIndex("ArrowRight", 4, 5, "horizontal")).toBe(4);
    expect(stepIndex("ArrowDown", 1, 3, "vertical")).toBe(2);
    expect(stepIndex("Home", 3, 5, "vertical")).toBe(0);
    expect(stepIndex("End", 0, 5, "horizontal")).toBe(4);
  });

  it("starts from the first or the last stop, and ignores other keys", () => {
    expect(stepIndex("ArrowDown", null, 3, "vertical")).toBe(0);
    expect(stepIndex("ArrowUp", null, 3, "vertical")).toBe(2);
    expect(stepIndex("ArrowDown", 1, 3, "horizontal")).toBeNull();
    expect(stepIndex("a", 1, 3, "horizontal")).toBeNull();
    expect(stepIndex("End", null, 0, "horizontal")).toBeNull();
  });
});
