/**
 * Line segmentation over real recorded inks (the UNIPEN fixtures) and pages built from them the
 * way people write pages: lines under each other, skewed, drifting, tight enough that
 * descenders reach the next line, dots added after everything else, a word squeezed in above a
 * line. Random layouts use a fixed seed.
 */
import { describe, expect, it } from "vitest";
import { loadFixtureInks, loadStackedFixtureInks } from "../fixtures";
import { INK_VERSION, type Ink, type InkStroke } from "../types";
import { mulberry32 } from "../../random/mulberry32";
import { segmentLines } from "./segment-lines";
import { moved, normalised, page } from "./test-pages";

const fixtures = loadFixtureInks();
const fixtureLines = fixtures.filter((f) => f.id.startsWith("unipen8/") && f.text.includes(" "));
const fixtureWords = fixtures.filter((f) => f.id.startsWith("unipen7/"));
const byText = (text: string) => fixtures.find((f) => f.text === text)!.ink;

const strokesOf = (ink: Ink) => segmentLines(ink).map((l) => [...l.strokes]);
const everyStrokeOnce = (ink: Ink) => {
  const all = segmentLines(ink).flatMap((l) => l.strokes).sort((a, b) => a - b);
  expect(all).toEqual(ink.strokes.map((_, i) => i));
};

const three = [byText("main local schools"), byText("undergoing the uncomfortable"), byText("from the day when our fathers")];

describe("segmentLines", () => {
  it("reads every recorded word and single line as exactly one line holding all its strokes", () => {
    expect(fixtures.length).toBe(40);
    for (const f of fixtures) expect(strokesOf(f.ink), f.id).toEqual([f.ink.strokes.map((_, i) => i)]);
  });

  it("splits lines written under each other, top to bottom, each with exactly its strokes", () => {
    const { ink, groups } = page(three);
    expect(strokesOf(ink)).toEqual(groups);
    // Lines and their order come from geometry, not from the order the strokes were written in.
    const n = ink.strokes.length;
    const backwards: Ink = { version: INK_VERSION, strokes: [...ink.strokes].reverse() };
    expect(strokesOf(backwards)).toEqual(groups.map((g) => g.map((i) => n - 1 - i).sort((a, b) => a - b)));
  });

  it("follows skewed lines whose ends are lower than the next line's start", () => {
    const long = [byText("passed through them? Something like"), byText("survival in the world where the"), byText("from the day when our fathers")];
    const { ink, groups } = page(long, { skewDegrees: 8 });
    // Each line drops by more than the line spacing: horizontal bands cannot separate them.
    const width = Math.max(...normalised(long[0]).strokes.flatMap((s) => s.points.map((p) => p.x)));
    expect(width * Math.tan((8 * Math.PI) / 180)).toBeGreaterThan(300);
    expect(strokesOf(ink)).toEqual(groups);
    // Falling and rising pages, lines of very different lengths (a short line must not reach into the next one's end).
    const mixed = [byText("Inge (Fax)"), byText("survival in the world where the"), byText("9876543210"), byText("passed through them? Something like")];
    for (const lines of [three, long, mixed]) {
      for (const skewDegrees of [-8, -6, -4, 4, 6, 8]) {
        const skewed = page(lines, { skewDegrees });
        expect(strokesOf(skewed.ink), `${lines.length} lines, ${skewDegrees}°`).toEqual(skewed.groups);
      }
    }
  });

  it("follows drifting baselines and ragged left margins", () => {
    const { ink, groups } = page(three, { drift: 0.5, indent: (i) => [0, 2.5, 0.8][i] });
    expect(strokesOf(ink)).toEqual(groups);
  });

  it("keeps lines apart when descenders and ascenders touch the next line", () => {
    const lines = [byText("passed through them? Something like"), byText("from the day when our fathers"), byText("undergoing the uncomfortable")];
    const { ink, groups } = page(lines, { spacing: 2.3 });
    const box = (g: number[]) => {
      const ys = g.flatMap((i) => ink.strokes[i].points.map((p) => p.y));
      return { top: Math.min(...ys), bottom: Math.max(...ys) };
    };
    // The ink of neighbouring lines really overlaps vertically.
    expect(box(groups[0]).bottom).toBeGreaterThan(box(groups[1]).top);
    expect(box(groups[1]).bottom).toBeGreaterThan(box(groups[2]).top);
    expect(strokesOf(ink)).toEqual(groups);
  });

  it("gives dots and t-crosses added after the whole page to the line below them, by position", () => {
    const { ink, groups } = page(three, { skewDegrees: 4 });
    const tan = Math.tan((4 * Math.PI) / 180);
    const late: InkStroke[] = [];
    // Second line (centre y = 300 + x·tan): i-dots a letter height above the centre, a t-bar just above the body.
    for (const x of [150, 600, 1100]) late.push({ points: [{ x, y: 300 + x * tan - 110 }, { x: x + 4, y: 300 + x * tan - 108 }] });
    late.push({ points: [{ x: 820, y: 300 + 820 * tan - 70 }, { x: 880, y: 300 + 880 * tan - 72 }] });
    // A full stop at the end of the first line, past its last letter.
    const end = Math.max(...groups[0].flatMap((i) => ink.strokes[i].points.map((p) => p.x)));
    late.push({ points: [{ x: end + 40, y: (end + 40) * tan + 45 }] });
    const withLate: Ink = { version: INK_VERSION, strokes: [...ink.strokes, ...late] };
    const n = ink.strokes.length;
    expect(strokesOf(withLate)).toEqual([[...groups[0], n + 4], [...groups[1], n, n + 1, n + 2, n + 3], groups[2]]);
  });

  it("reads a word inserted above a line as a line of its own, between the two it was squeezed between", () => {
    const { ink, groups } = page(three, { spacing: 3.5 });
    // Written last, smaller, in the gap above the second line, over "the uncomfortable". (Over the
    // dot of "undergoing" the word's descenders would come down to the dot, and either line could claim it.)
    const word = normalised(byText("polygon"), 70);
    const inserted = moved(word, (x, y) => [x + 1300, y + 350 - 175]);
    const withInsert: Ink = { version: INK_VERSION, strokes: [...ink.strokes, ...inserted] };
    const n = ink.strokes.length;
    expect(strokesOf(withInsert)).toEqual([groups[0], inserted.map((_, i) => n + i), groups[1], groups[2]]);
  });

  it("splits a stack of words (a list) into one line per word", () => {
    const words = fixtureWords.slice(6, 11).map((w) => w.ink);
    const { ink, groups } = page(words, { spacing: 2.8, drift: 0.2 });
    expect(strokesOf(ink)).toEqual(groups);
  });

  it("assigns every stroke to exactly one line on random layouts", () => {
    const rand = mulberry32(13);
    for (let trial = 0; trial < 25; trial++) {
      const count = 2 + Math.floor(rand() * 4);
      const lines = Array.from({ length: count }, () => fixtureLines[Math.floor(rand() * fixtureLines.length)].ink);
      const { ink } = page(lines, { spacing: 2 + rand() * 2, skewDegrees: rand() * 12 - 6, drift: rand() * 0.5 });
      everyStrokeOnce(ink);
    }
  });

  it("handles degenerate inks", () => {
    expect(segmentLines({ version: INK_VERSION, strokes: [] })).toEqual([]);
    expect(strokesOf({ version: INK_VERSION, strokes: [{ points: [{ x: 5, y: 5 }] }] })).toEqual([[0]]);
    expect(strokesOf({ version: INK_VERSION, strokes: [{ points: [{ x: 0, y: 0 }, { x: 40, y: 90 }] }] })).toEqual([[0]]);
    // An "=" (and a "≡") written with slightly wobbly bars is one sign, not a line per bar.
    const bar = (y: number): InkStroke => ({ points: [{ x: 0, y }, { x: 20, y: y + 3 }, { x: 40, y: y + 1 }, { x: 60, y: y + 4 }] });
    expect(strokesOf({ version: INK_VERSION, strokes: [bar(0), bar(30)] })).toEqual([[0, 1]]);
    expect(strokesOf({ version: INK_VERSION, strokes: [bar(0), bar(30), bar(60)] })).toEqual([[0, 1, 2]]);
    // 10⁴ strokes on one spot: one line, all of them.
    const spot: Ink = { version: INK_VERSION, strokes: Array.from({ length: 10_000 }, () => ({ points: [{ x: 7, y: 7 }, { x: 8, y: 9 }] })) };
    expect(strokesOf(spot)).toEqual([spot.strokes.map((_, i) => i)]);
    // Every stroke on one vertical line: dots, and dashes along x = 0.
    const dots: Ink = { version: INK_VERSION, strokes: Array.from({ length: 200 }, (_, i) => ({ points: [{ x: 0, y: i * 13 }] })) };
    everyStrokeOnce(dots);
    const dashes: Ink = { version: INK_VERSION, strokes: Array.from({ length: 200 }, (_, i) => ({ points: [{ x: 0, y: i * 13 }, { x: 0, y: i * 13 + 8 }] })) };
    everyStrokeOnce(dashes);
  });
});

describe("segmentLines on recorded stacked blocks", () => {
  it("finds the lines of real multi-line writing, each written in one go", () => {
    const stacked = loadStackedFixtureInks();
    expect(stacked).toHaveLength(2);
    for (const s of stacked) {
      const lines = segmentLines(s.ink);
      expect(lines.length, s.id).toBe(s.text.split("\n").length);
      // The names were written one after the other, so each line is a run of consecutive strokes.
      expect(lines.flatMap((l) => l.strokes), s.id).toEqual(s.ink.strokes.map((_, i) => i));
    }
  });
});
