/**
 * Reading pages line by line with the shipped model: a word or a line reads exactly as
 * recognize() reads it, and a page built from recorded lines reads as its lines read alone,
 * with whole-page n-best lists and stroke-to-letter mapping in the page ink's stroke indices.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadFixtureInks } from "../ink/fixtures";
import { page } from "../ink/lines/test-pages";
import { modelStore, shippedDefaultModel } from "../models/active-model";
import { readModelDir } from "./load-node";
import { loadRecognizer, type Recognition, type Recognizer } from "./recognizer";
import { bestJoinedReadings, inkOfStrokes, recognizeLines } from "./recognize-lines";

const model = shippedDefaultModel(modelStore(path.resolve(import.meta.dirname, "..", "..")))!;
const fixtures = loadFixtureInks();
const byText = (text: string) => fixtures.find((f) => f.text === text)!.ink;
const withoutTimings = ({ timings: _, ...rest }: Recognition) => rest;

let recognizer: Recognizer;
beforeAll(async () => {
  recognizer = await loadRecognizer(readModelDir(model.dir));
});

describe("recognizeLines", () => {
  it("reads a word and a single line exactly as recognize() does, in the same shape", () => {
    for (const text of ["polygon", "undergoing the uncomfortable"]) {
      const ink = byText(text);
      for (const options of [{}, { decoder: "beam" as const, nBest: 4 }]) {
        const one = recognizer.recognize(ink, options);
        const page = recognizeLines(recognizer, ink, options);
        expect(withoutTimings(page)).toMatchObject(withoutTimings(one));
        expect(page.lines).toHaveLength(1);
        expect(page.lines[0].strokes).toEqual(ink.strokes.map((_, i) => i));
        expect(withoutTimings(page.lines[0])).toMatchObject(withoutTimings(one));
      }
    }
  });

  it("reads each line of a page on its own and joins them with newlines", () => {
    const lines = ["main local schools", "undergoing the uncomfortable", "from the day when our fathers"].map(byText);
    const { ink, groups } = page(lines, { skewDegrees: 4 });
    const options = { decoder: "beam" as const, nBest: 3 };
    const read = recognizeLines(recognizer, ink, options);
    expect(read.lines.map((l) => l.strokes)).toEqual(groups);
    read.lines.forEach((line, i) => {
      const alone = recognizer.recognize(inkOfStrokes(ink, groups[i]), options);
      expect(line.candidates).toEqual(alone.candidates);
      expect(line.frames).toBe(alone.frames);
      // Per line: letters index into the line's text and name the page's strokes.
      expect(line.alignment.map((a) => a.char).join("")).toBe(alone.alignment.map((a) => a.char).join(""));
      for (const a of line.alignment) for (const s of a.strokes) expect(groups[i]).toContain(s);
      expect(line.alignment.map((a) => a.strokes)).toEqual(alone.alignment.map((a) => a.strokes.map((k) => groups[i][k])));
    });
    const top = read.lines.map((l) => l.candidates[0].text).join("\n");
    expect(read.candidates[0]).toEqual({ text: top, score: read.lines.reduce((n, l) => n + l.candidates[0].score, 0) });
    expect(read.frames).toBe(read.lines.reduce((n, l) => n + l.frames, 0));
    // Page-level letters index into the joined text; the newlines have no strokes.
    for (const a of read.alignment) expect(top[a.index]).toBe(a.char);
    expect(read.alignment).toHaveLength(read.lines.reduce((n, l) => n + l.alignment.length, 0));
    // Whole-page n-best: best first, three lines each, distinct.
    expect(read.candidates.length).toBe(3);
    for (let i = 1; i < read.candidates.length; i++) expect(read.candidates[i].score).toBeLessThanOrEqual(read.candidates[i - 1].score);
    expect(read.candidates.every((c) => c.text.split("\n").length === 3)).toBe(true);
    expect(new Set(read.candidates.map((c) => c.text)).size).toBe(3);
  });
});

describe("bestJoinedReadings", () => {
  it("lists whole pages by summed score, best first", () => {
    const lines = [
      [{ text: "a", score: -1 }, { text: "b", score: -2 }],
      [{ text: "c", score: -1 }, { text: "d", score: -5 }],
    ];
    expect(bestJoinedReadings(lines, 10)).toEqual([
      { text: "a\nc", score: -2 },
      { text: "b\nc", score: -3 },
      { text: "a\nd", score: -6 },
      { text: "b\nd", score: -7 },
    ]);
    expect(bestJoinedReadings(lines, 2).map((c) => c.text)).toEqual(["a\nc", "b\nc"]);
  });

  it("reads a line with no candidate as an empty line", () => {
    expect(bestJoinedReadings([[{ text: "x", score: -1 }], []], 3)).toEqual([{ text: "x\n", score: -1 }]);
  });
});
