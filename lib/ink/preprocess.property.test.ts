/**
 * Property-style tests of the shared preprocessing over real recorded inks (the UNIPEN
 * fixtures) and over adversarial inks. Random variations use a fixed seed so any failure
 * reproduces exactly.
 */
import { describe, expect, it } from "vitest";
import { loadFixtureInks } from "./fixtures";
import { INK_VERSION, type Ink } from "./types";
import { DEFAULT_PREPROCESS, FEATURE_DIMS, FEATURE_NAMES, preprocessInk, type InkFeatures } from "./preprocess";
import { InkError } from "./ink-error";
import { inkToPolylines } from "./polylines";
import { writingZone } from "./writing-height";
import { normalize } from "./normalize";
import { resample } from "./resample";
import { arcLength } from "./arc-length";
import { mulberry32 } from "../random/mulberry32";

const fixtures = loadFixtureInks();
const col = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);

const transform = (ink: Ink, f: (x: number, y: number) => [number, number]): Ink => ({
  version: INK_VERSION,
  strokes: ink.strokes.map((s) => ({ points: s.points.map((p) => ({ ...p, ...(([x, y]) => ({ x, y }))(f(p.x, p.y)) })) })),
});
const inkOf = (strokes: [number, number][][]): Ink => ({ version: INK_VERSION, strokes: strokes.map((s) => ({ points: s.map(([x, y]) => ({ x, y })) })) });

function expectAllFinite(out: InkFeatures, label: string) {
  expect(out.features.length, label).toBe(out.steps * FEATURE_DIMS);
  expect(out.dims).toBe(FEATURE_DIMS);
  const bad = out.features.findIndex((v) => !Number.isFinite(v));
  expect(bad, `${label}: non-finite feature at ${bad}`).toBe(-1);
  expect(Number.isFinite(out.height) && out.height > 0, `${label}: height ${out.height}`).toBe(true);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function expectSameFeatures(a: InkFeatures, b: InkFeatures, label: string) {
  expect(b.steps, `${label}: steps`).toBe(a.steps);
  expect(maxAbsDiff(a.features, b.features), `${label}: max feature difference`).toBeLessThanOrEqual(1e-4);
  expect(Array.from(b.strokeOfStep), `${label}: strokeOfStep`).toEqual(Array.from(a.strokeOfStep));
}

describe("preprocessInk over real inks", () => {
  it("has fixtures to test on: words, lines, timestamped inks", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(fixtures.some((f) => f.text.includes(" "))).toBe(true);
    expect(fixtures.some((f) => f.ink.strokes[0].points[0].t !== undefined)).toBe(true);
  });

  it("never emits NaN or Infinity, and every step maps to a real stroke", () => {
    for (const f of fixtures) {
      const out = preprocessInk(f.ink);
      expectAllFinite(out, f.id);
      expect(out.steps, f.id).toBeGreaterThan(0);
      expect(out.steps, f.id).toBeLessThanOrEqual(DEFAULT_PREPROCESS.maxSteps);
      for (const s of out.strokeOfStep) expect(s >= 0 && s < f.ink.strokes.length, f.id).toBe(true);
      // Stroke flags: every step run of one stroke starts with newStroke and ends with endStroke.
      for (let k = 0; k < out.steps; k++) {
        const starts = k === 0 || out.strokeOfStep[k] !== out.strokeOfStep[k - 1];
        const ends = k === out.steps - 1 || out.strokeOfStep[k] !== out.strokeOfStep[k + 1];
        expect(out.features[k * FEATURE_DIMS + col("newStroke")], `${f.id} step ${k}`).toBe(starts ? 1 : 0);
        expect(out.features[k * FEATURE_DIMS + col("endStroke")], `${f.id} step ${k}`).toBe(ends ? 1 : 0);
      }
    }
  });

  it("does not depend on timestamps or pressure", () => {
    for (const f of fixtures.filter((x) => x.ink.strokes[0].points[0].t !== undefined)) {
      const bare = transform(f.ink, (x, y) => [x, y]);
      const stripped: Ink = { version: INK_VERSION, strokes: bare.strokes.map((s) => ({ points: s.points.map(({ x, y }) => ({ x, y })) })) };
      const noisy: Ink = { version: INK_VERSION, strokes: bare.strokes.map((s) => ({ points: s.points.map(({ x, y }, i) => ({ x, y, t: i * 3, p: (i % 7) / 7 })) })) };
      expectSameFeatures(preprocessInk(stripped), preprocessInk(f.ink), f.id);
      expectSameFeatures(preprocessInk(stripped), preprocessInk(noisy), f.id);
    }
  });

  it.each([
    ["shifted by (1e5, -3e4)", (x: number, y: number): [number, number] => [x + 1e5, y - 3e4]],
    ["scaled by 0.01", (x: number, y: number): [number, number] => [x * 0.01, y * 0.01]],
    ["scaled by 37", (x: number, y: number): [number, number] => [x * 37, y * 37]],
    ["scaled by 37 and shifted by (-5e5, 2e5)", (x: number, y: number): [number, number] => [x * 37 - 5e5, y * 37 + 2e5]],
  ])("gives the same features (within 1e-4) when the ink is %s", (_, f) => {
    for (const sample of fixtures) {
      expectSameFeatures(preprocessInk(sample.ink), preprocessInk(transform(sample.ink, f)), sample.id);
    }
  });

  it("is invariant under random translations and scales (seeded)", () => {
    const random = mulberry32(20261125);
    for (const sample of fixtures) {
      const base = preprocessInk(sample.ink);
      for (let trial = 0; trial < 3; trial++) {
        const scale = 10 ** (random() * 6 - 3); // 1e-3 .. 1e3
        const dx = (random() - 0.5) * 2e6;
        const dy = (random() - 0.5) * 2e6;
        const label = `${sample.id} scale ${scale} shift (${dx}, ${dy})`;
        expectSameFeatures(base, preprocessInk(transform(sample.ink, (x, y) => [x * scale + dx, y * scale + dy])), label);
      }
    }
  });

  it("resamples at the requested spacing: in-stroke steps never exceed it and a straight run matches it", () => {
    for (const spacing of [0.05, DEFAULT_PREPROCESS.spacing, 0.3]) {
      for (const f of fixtures) {
        const { polylines } = inkToPolylines(f.ink);
        const normalised = normalize(polylines, writingZone(polylines));
        const resampled = resample(normalised, spacing);
        let steps = 0;
        let sum = 0;
        for (const p of resampled) {
          for (let i = 2; i < p.length; i += 2) {
            const d = Math.hypot(p[i] - p[i - 2], p[i + 1] - p[i - 1]);
            // A chord is never longer than the arc it cuts; the last point of a stroke may close a shorter gap.
            expect(d, `${f.id} spacing ${spacing}`).toBeLessThanOrEqual(spacing * (1 + 1e-9));
            if (i < p.length - 2) {
              steps++;
              sum += d;
            }
          }
        }
        // Handwriting curves, so chords are a bit shorter than the spacing, but not much on average.
        if (steps > 20) expect(sum / steps, `${f.id} mean step`).toBeGreaterThan(0.8 * spacing);
        // The count matches the path length: about length / spacing, plus at most 2 per stroke.
        const total = resampled.reduce((n, p) => n + p.length / 2, 0);
        expect(total, f.id).toBeLessThanOrEqual(arcLength(normalised) / spacing + 2 * resampled.length);
        expect(total, f.id).toBeGreaterThanOrEqual(Math.floor(arcLength(normalised) / spacing) - resampled.length);
      }
    }
    const straight = resample([Float64Array.from([0, 0, 1, 0, 1, 0, 3.05, 0])], 0.1)[0];
    for (let i = 2; i < straight.length - 2; i += 2) expect(straight[i] - straight[i - 2]).toBeCloseTo(0.1, 9);
  });

  it("resamples strokes of any length into arrays of their own", () => {
    // 20,000 points in one stroke outgrow the resampler's reused buffer several times over.
    const [long, short] = resample([Float64Array.from([0, 0, 2000, 0]), Float64Array.from([0, 5, 0.25, 5])], 0.1);
    expect(long.length).toBe(2 * 20_001);
    for (let i = 0; i < long.length; i += 2) {
      expect(long[i]).toBeCloseTo(i * 0.05, 6);
      expect(long[i + 1]).toBe(0);
    }
    expect(Array.from(short)).toEqual([0, 5, 0.1, 5, 0.2, 5]);
    // Each result is its own copy: a later call does not write into an earlier result.
    const first = resample([Float64Array.from([0, 0, 1, 1])], 0.1)[0];
    const copy = Array.from(first);
    resample([Float64Array.from([5, 5, 9, 2])], 0.1);
    expect(Array.from(first)).toEqual(copy);
  });

  it("uses the writing height, not the bounding box: a descender-length tail barely changes the scale", () => {
    let heightGrowth = 0;
    let boxGrowth = 0;
    const words = fixtures.filter((x) => /^[a-z]{3,}$/i.test(x.text));
    for (const f of words) {
      const { polylines } = inkToPolylines(f.ink);
      const zone = writingZone(polylines);
      const ys = polylines.flatMap((p) => Array.from(p.filter((_, i) => i % 2 === 1)));
      const xs = polylines.flatMap((p) => Array.from(p.filter((_, i) => i % 2 === 0)));
      const [minY, maxY, midX] = [Math.min(...ys), Math.max(...ys), (Math.min(...xs) + Math.max(...xs)) / 2];
      // A straight tail one writing height long under the word, like an added "g" descender.
      const tail: Ink = { version: INK_VERSION, strokes: [...f.ink.strokes, { points: [{ x: midX, y: maxY }, { x: midX, y: maxY + zone.height }] }] };
      const ratio = writingZone(inkToPolylines(tail).polylines).height / zone.height;
      expect(ratio, f.id).toBeLessThan(1.35);
      heightGrowth += ratio - 1;
      boxGrowth += zone.height / (maxY - minY);
    }
    expect(words.length).toBeGreaterThan(20);
    expect(heightGrowth / words.length).toBeLessThan(0.5 * (boxGrowth / words.length));
  });
  it("a long line keeps its words' writing height: the flat-ink floor stays below text 100 heights wide", () => {
    const word = fixtures.find((x) => /^[a-z]{5,}$/.test(x.text))!;
    const { polylines } = inkToPolylines(word.ink);
    const zone = writingZone(polylines);
    const xs = polylines.flatMap((p) => Array.from(p.filter((_, i) => i % 2 === 0)));
    const step = Math.max(...xs) - Math.min(...xs) + zone.height; // the word, then a word space
    const copies = Math.ceil((90 * zone.height) / step); // ~90 writing heights wide: a 200-character line
    const line: Ink = {
      version: INK_VERSION,
      strokes: Array.from({ length: copies }, (_, k) => word.ink.strokes.map((s) => ({ points: s.points.map((pt) => ({ x: pt.x + k * step, y: pt.y })) }))).flat(),
    };
    const lineZone = writingZone(inkToPolylines(line).polylines);
    expect(copies * step).toBeGreaterThan(60 * zone.height); // past the old floor (50 heights)
    expect(lineZone.height / zone.height).toBeGreaterThan(0.9);
    expect(lineZone.height / zone.height).toBeLessThan(1.1);
  });
});

describe("preprocessInk on degenerate inks", () => {
  it("no strokes, or only empty strokes: zero steps", () => {
    for (const ink of [inkOf([]), { version: INK_VERSION, strokes: [{ points: [] }, { points: [] }] } as Ink]) {
      const out = preprocessInk(ink);
      expect([out.steps, out.features.length, out.strokeOfStep.length]).toEqual([0, 0, 0]);
      expectAllFinite(out, "empty");
    }
  });

  it("a single dot, and a dot tapped many times: one step flagged as both start and end", () => {
    for (const ink of [inkOf([[[5, 5]]]), inkOf([Array.from({ length: 1000 }, () => [-3, 7] as [number, number])])]) {
      const out = preprocessInk(ink);
      expect(out.steps).toBe(1);
      expectAllFinite(out, "dot");
      expect(out.features[col("newStroke")]).toBe(1);
      expect(out.features[col("endStroke")]).toBe(1);
    }
  });

  it("flat, vertical and very thin inks stay finite", () => {
    const cases: [string, [number, number][][]][] = [
      ["horizontal dash", [[[0, 0], [100, 0]]]],
      ["vertical bar", [[[0, 0], [0, 100]]]],
      ["two dots far apart", [[[0, 0]], [[1e6, 1e6]]]],
      ["sub-unit wiggle", [[[0, 0], [1e-9, 2e-9], [3e-9, -1e-9]]]],
      ["negative huge", [[[-1e7, -1e7], [-9.9e6, -1e7 + 5], [-9.8e6, -1e7]]]],
      ["many one-point strokes", Array.from({ length: 1999 }, (_, i) => [[i * 10, (i % 3) * 10]] as [number, number][])],
    ];
    for (const [label, strokes] of cases) {
      const out = preprocessInk(inkOf(strokes));
      expectAllFinite(out, label);
      expect(out.steps, label).toBeGreaterThan(0);
      expect(out.steps, label).toBeLessThanOrEqual(DEFAULT_PREPROCESS.maxSteps);
    }
  });

  it("10^6 points: bounded output, coarser spacing, no NaN", () => {
    const random = mulberry32(7);
    const points: [number, number][] = [];
    for (let i = 0; i < 1_000_000; i++) points.push([i * 0.05 + random(), Math.sin(i / 40) * 30 + random()]);
    const out = preprocessInk(inkOf([points]));
    expectAllFinite(out, "1e6 points");
    expect(out.steps).toBeLessThanOrEqual(DEFAULT_PREPROCESS.maxSteps);
    expect(out.steps).toBeGreaterThan(DEFAULT_PREPROCESS.maxSteps / 2);
  });

  it("more strokes than maxSteps: output is capped", () => {
    const out = preprocessInk(inkOf(Array.from({ length: 50 }, (_, i) => [[i, 0], [i, 1]])), { maxSteps: 10 });
    expect(out.steps).toBeLessThanOrEqual(10);
    expectAllFinite(out, "capped");
  });

  it.each([
    ["NaN x", NaN, 0],
    ["Infinity y", 0, Infinity],
    ["-Infinity x", -Infinity, 0],
  ])("%s is a clear InkError naming stroke and point", (_, x, y) => {
    const ink = inkOf([[[0, 0], [1, 1]], [[2, 2], [x, y]]]);
    expect(() => preprocessInk(ink)).toThrow(InkError);
    expect(() => preprocessInk(ink)).toThrow(/stroke 1 point 1/);
  });

  it("coordinates far beyond the ink limits give finite features or an InkError, never NaN", () => {
    for (const big of [1e15, 1e150, 1e300, -1e300]) {
      const ink = inkOf([[[big, big], [big * 0.5, big], [0, 0]]]);
      let out: InkFeatures | undefined;
      try {
        out = preprocessInk(ink);
      } catch (e) {
        expect(e, String(big)).toBeInstanceOf(InkError);
      }
      if (out) expectAllFinite(out, String(big));
    }
  });

  it("rejects malformed values that are not inks at all with an InkError", () => {
    for (const bad of [null, {}, { version: 1, strokes: [null] }, { version: 1, strokes: [{ points: [{ x: "1", y: 2 }] }] }]) {
      expect(() => preprocessInk(bad as unknown as Ink)).toThrow(InkError);
    }
  });

  it("rejects a non-finite spacing clearly", () => {
    expect(() => preprocessInk(fixtures[0].ink, { spacing: NaN })).toThrow(RangeError);
    expect(() => preprocessInk(fixtures[0].ink, { spacing: Infinity })).toThrow(/spacing/);
  });
});
