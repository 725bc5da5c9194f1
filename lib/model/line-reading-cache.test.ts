/**
 * Live recognition of a note re-reads only the lines whose strokes changed. Which lines are dirty
 * is decided from the segmentation and the strokes' content (pure, below), over pages built from
 * recorded lines; the cache then serves the clean ones, checked with the shipped model.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadFixtureInks } from "../ink/fixtures";
import { segmentLines } from "../ink/lines/segment-lines";
import { page } from "../ink/lines/test-pages";
import { INK_VERSION, type Ink, type InkStroke } from "../ink/types";
import { modelStore, shippedDefaultModel } from "../models/active-model";
import { dirtyLines, LineReadingCache, lineKeys, strokeKey } from "./line-reading-cache";
import { readModelDir } from "./load-node";
import { recognizeLines } from "./recognize-lines";
import { loadRecognizer, type Recognition, type Recognizer } from "./recognizer";

const fixtures = loadFixtureInks();
const byText = (text: string) => fixtures.find((f) => f.text === text)!.ink;
const three = [byText("main local schools"), byText("undergoing the uncomfortable"), byText("from the day when our fathers")];
const { ink: note, groups } = page(three);

const keysOf = (ink: Ink) => lineKeys(ink, segmentLines(ink));
const withStroke = (ink: Ink, stroke: InkStroke): Ink => ({ version: INK_VERSION, strokes: [...ink.strokes, stroke] });
const withoutLast = (ink: Ink): Ink => ({ version: INK_VERSION, strokes: ink.strokes.slice(0, -1) });

describe("strokeKey", () => {
  it("names a stroke by its points: equal for a copy, different for any change", () => {
    const s = note.strokes[3];
    expect(strokeKey({ points: s.points.map((p) => ({ ...p })) })).toBe(strokeKey(s));
    const nudged = { points: s.points.map((p, i) => (i === 5 ? { ...p, x: p.x + 0.5 } : p)) };
    expect(strokeKey(nudged)).not.toBe(strokeKey(s));
    expect(strokeKey({ points: s.points.slice(0, -1) })).not.toBe(strokeKey(s));
    expect(strokeKey({ points: s.points.map((p) => ({ ...p, t: 7 })) })).not.toBe(strokeKey(s));
    expect(new Set(note.strokes.map(strokeKey)).size).toBe(note.strokes.length);
  });
});

describe("dirtyLines", () => {
  const before = keysOf(note);

  it("is every line for the first reading and none when nothing changed", () => {
    expect(before).toHaveLength(3);
    expect(dirtyLines([], before)).toEqual([0, 1, 2]);
    expect(dirtyLines(before, keysOf({ version: INK_VERSION, strokes: note.strokes.map((s) => ({ points: [...s.points] })) }))).toEqual([]);
  });

  it("is the last line when a stroke is added to it, and that line again when the stroke is undone", () => {
    // The note written up to the last stroke of line 3, then that stroke.
    const partial = withoutLast(note);
    const afterAdd = keysOf(note);
    expect(dirtyLines(keysOf(partial), afterAdd)).toEqual([2]);
    expect(dirtyLines(afterAdd, keysOf(withoutLast(note)))).toEqual([2]);
  });

  it("is only the new line when a stroke starts one below the note", () => {
    const fourth = page([...three, byText("main local schools")]);
    // Line 4's first stroke alone is too little to be a line (segmentLines joins it to line 3), so write its first word.
    const started: Ink = { version: INK_VERSION, strokes: fourth.ink.strokes.slice(0, fourth.groups[3][0] + 4) };
    expect(segmentLines(started)).toHaveLength(4);
    expect(dirtyLines(before, keysOf(started))).toEqual([3]);
  });

  it("is the earlier line when a late i-dot lands on it, not the line being written", () => {
    // An i-dot over line 1 ("main": the i near x ≈ 200 on a writing height of 100), written after line 3.
    const line1 = groups[0].map((i) => note.strokes[i]);
    const ys = line1.flatMap((s) => s.points.map((p) => p.y));
    const top = Math.min(...ys);
    const dot: InkStroke = { points: [{ x: 180, y: top + 10 }, { x: 183, y: top + 12 }] };
    const dotted = withStroke(note, dot);
    const lines = segmentLines(dotted);
    expect(lines[0].strokes).toContain(note.strokes.length);
    expect(dirtyLines(before, lineKeys(dotted, lines))).toEqual([0]);
    // Undoing the dot gives the first line back as it was read before.
    expect(dirtyLines(lineKeys(dotted, lines), keysOf(withoutLast(dotted)))).toEqual([0]);
    expect(keysOf(withoutLast(dotted))).toEqual(before);
  });

  it("is the line a stroke was erased from, wherever that stroke was in the ink", () => {
    const erased = groups[1][2];
    const without: Ink = { version: INK_VERSION, strokes: note.strokes.filter((_, i) => i !== erased) };
    expect(dirtyLines(before, keysOf(without))).toEqual([1]);
  });
});

describe("LineReadingCache", () => {
  const model = shippedDefaultModel(modelStore(path.resolve(import.meta.dirname, "..", "..")))!;
  let recognizer: Recognizer;
  let read: Ink[];
  const counting = { recognize: (ink: Ink, options?: Parameters<Recognizer["recognize"]>[1]) => (read.push(ink), recognizer.recognize(ink, options)) };
  const withoutTimings = ({ timings: _, ...rest }: Recognition & { lines?: Recognition[] }): object => ({ ...rest, ...(rest.lines && { lines: rest.lines.map(withoutTimings) }) });
  const options = { decoder: "beam" as const, nBest: 3 };

  beforeAll(async () => {
    recognizer = await loadRecognizer(readModelDir(model.dir));
  });

  it("reads only the dirty lines and gives the same page as reading every line", () => {
    const cache = new LineReadingCache();
    read = [];
    const partial = withoutLast(note);
    recognizeLines(counting, partial, options, segmentLines(partial), cache);
    expect(read).toHaveLength(3);

    read = [];
    const cached = recognizeLines(counting, note, options, segmentLines(note), cache);
    expect(read).toHaveLength(1); // line 3, which got the stroke
    expect(read[0].strokes).toHaveLength(groups[2].length);
    const fresh = recognizeLines(recognizer, note, options);
    expect(withoutTimings(cached)).toEqual(withoutTimings(fresh));
    cached.lines.forEach((line, i) => expect(withoutTimings(line)).toEqual(withoutTimings(fresh.lines[i])));

    // Undo: every line is cached, nothing is read; a cleared cache reads everything again.
    read = [];
    recognizeLines(counting, partial, options, segmentLines(partial), cache);
    expect(read).toHaveLength(0);
    cache.clear();
    recognizeLines(counting, partial, options, segmentLines(partial), cache);
    expect(read).toHaveLength(3);
  });

  it("reads a cached line right when its strokes moved in the ink (a late dot on an earlier line)", () => {
    const cache = new LineReadingCache();
    recognizeLines(recognizer, note, options, segmentLines(note), cache);
    const dot: InkStroke = { points: [{ x: 180, y: Math.min(...groups[0].flatMap((i) => note.strokes[i].points.map((p) => p.y))) + 10 }] };
    // The dot is written first this time, so every stroke after it moves up one index.
    const shifted: Ink = { version: INK_VERSION, strokes: [dot, ...note.strokes] };
    read = [];
    const page = recognizeLines(counting, shifted, options, segmentLines(shifted), cache);
    expect(read).toHaveLength(1);
    const fresh = recognizeLines(recognizer, shifted, options);
    expect(withoutTimings(page)).toEqual(withoutTimings(fresh));
    expect(page.lines[1].strokes).toEqual(groups[1].map((i) => i + 1));
  });

  it("keeps at most `capacity` lines, dropping the least recently used", () => {
    const cache = new LineReadingCache(2);
    const r = (text: string): Recognition => ({ candidates: [{ text, score: 0 }], alignment: [], timings: { preprocessMs: 0, networkMs: 0, decodeMs: 0, totalMs: 0 }, frames: 0 });
    cache.set("a", r("a"));
    cache.set("b", r("b"));
    expect(cache.get("a")?.candidates[0].text).toBe("a"); // a is now the most recent
    cache.set("c", r("c"));
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBeDefined();
    expect(cache.get("c")).toBeDefined();
  });
});
