import { describe, expect, it } from "vitest";
import { INK_LIMITS, inkFromArrays } from "@/lib/ink/types";
import { inkProblem } from "./ink-problem";
import { expectedWeightBytes } from "./model-cache";
import { strokeAtPoint } from "./stroke-hit-test";
import { lettersOfStroke } from "./letters-of-stroke";
import { activeLine, letterId, lineOfStroke, noteCanvasHeight, transcriptRows, transcriptText } from "./note-lines";

describe("strokeAtPoint", () => {
  const ink = inkFromArrays([
    [
      [0, 0],
      [100, 0],
    ],
    [
      [0, 50],
      [100, 50],
    ],
    [[200, 200]],
  ]);
  it("finds the stroke nearest the point, within the radius", () => {
    expect(strokeAtPoint(ink, 50, 4, 10)).toBe(0);
    expect(strokeAtPoint(ink, 50, 46, 10)).toBe(1);
    expect(strokeAtPoint(ink, 203, 199, 10)).toBe(2); // a single-point stroke (a dot)
  });
  it("returns -1 away from every stroke and on an empty ink", () => {
    expect(strokeAtPoint(ink, 50, 25, 10)).toBe(-1);
    expect(strokeAtPoint(inkFromArrays([]), 0, 0, 10)).toBe(-1);
  });
});

describe("lettersOfStroke", () => {
  const alignment = [
    { char: "o", index: 0, start: 0, end: 3, strokes: [0] },
    { char: "f", index: 1, start: 4, end: 8, strokes: [0, 1] },
    { char: " ", index: 2, start: 9, end: 10, strokes: [1] },
    { char: "a", index: 3, start: 11, end: 12, strokes: [2] },
  ];
  it("lists every letter a stroke helped make", () => {
    expect(lettersOfStroke(alignment, 0)).toEqual([0, 1]);
    expect(lettersOfStroke(alignment, 2)).toEqual([3]);
    expect(lettersOfStroke(alignment, 7)).toEqual([]);
  });
});

describe("inkProblem", () => {
  it("flags empty inks", () => {
    expect(inkProblem(inkFromArrays([]))).toEqual({ kind: "empty" });
  });
  it("flags inks over INK_LIMITS and accepts ordinary ones", () => {
    expect(inkProblem(inkFromArrays([[[0, 0], [1, 1]]]))).toBeNull();
    const many = inkFromArrays(Array.from({ length: INK_LIMITS.maxStrokes + 1 }, () => [[0, 0]]));
    expect(inkProblem(many)).toEqual({ kind: "too-large", strokes: INK_LIMITS.maxStrokes + 1, points: INK_LIMITS.maxStrokes + 1 });
    const long = inkFromArrays([Array.from({ length: INK_LIMITS.maxPoints + 1 }, (_, i) => [i, 0])]);
    expect(inkProblem(long)?.kind).toBe("too-large");
  });
});

describe("expectedWeightBytes", () => {
  it("counts float16 as 2 bytes and float32 as 4 per value", () => {
    expect(
      expectedWeightBytes([
        { paths: ["weights.bin"], weights: [{ shape: [2, 3], quantization: { dtype: "float16" } }, { shape: [5] }] },
      ]),
    ).toBe(6 * 2 + 5 * 4);
  });

  it("counts an int8 kernel as 1 byte per value plus a float32 scale per output column", () => {
    expect(expectedWeightBytes([{ paths: ["weights.int8.bin"], weights: [{ shape: [4, 8], quantization: { dtype: "int8" } }, { shape: [8] }] }])).toBe(32 + 8 * 4 + 8 * 4);
  });
});

describe("the transcript of a note, line by line", () => {
  const line = (key: string, strokes: number[], texts: string[]) => ({
    key,
    strokes,
    candidates: texts.map((text, i) => ({ text, score: -i })),
    alignment: texts[0] ? [{ char: texts[0][0], index: 0, start: 0, end: 1, strokes: [strokes[0]] }] : [],
  });
  const lines = [line("a", [0, 1, 4], ["dear", "clear"]), line("b", [2, 3], ["milk", "mile"]), line("c", [5], ["eggs"])];

  it("shows each line's top reading with its alignment, joined by newlines", () => {
    const rows = transcriptRows(lines, new Map(), new Map());
    expect(transcriptText(rows)).toBe("dear\nmilk\neggs");
    expect(rows.map((r) => r.alignment?.length)).toEqual([1, 1, 1]);
    expect(rows[0].strokes).toEqual([0, 1, 4]);
  });

  it("keeps a picked alternative and a correction with their line, which then maps no letters", () => {
    const rows = transcriptRows(lines, new Map([["b", 1]]), new Map([["c", "eggs!"]]));
    expect(transcriptText(rows)).toBe("dear\nmile\neggs!");
    expect(rows.map((r) => r.alignment !== null)).toEqual([true, false, false]);
    // Keys name strokes, not positions: a choice for a line that is gone is ignored.
    expect(transcriptText(transcriptRows(lines.slice(0, 1), new Map([["b", 1]]), new Map()))).toBe("dear");
  });

  it("offers the line the writer picked, else the one holding the newest stroke (a late dot's line)", () => {
    expect(activeLine(lines, null, 6)).toBe(2);
    expect(activeLine(lines, null, 5)).toBe(0); // stroke 4, a dot added to line 1 after line 2
    expect(activeLine(lines, "b", 6)).toBe(1);
    expect(activeLine(lines, "gone", 4)).toBe(1);
    expect(activeLine([], null, 0)).toBe(0);
    expect(lineOfStroke(lines, 3)).toBe(1);
    expect(lineOfStroke(lines, 9)).toBe(-1);
    expect(letterId(1, 3)).toBe("1:3");
  });
});

describe("noteCanvasHeight", () => {
  it("leaves a word or a line on the canvas as it is", () => {
    expect(noteCanvasHeight({ base: 300, inkTop: 20, inkBottom: 280, lines: 1 })).toBe(300);
    expect(noteCanvasHeight({ base: 300, inkTop: Infinity, inkBottom: -Infinity, lines: 0 })).toBe(300);
  });

  it("grows a note by about a line below its lowest ink, within the cap", () => {
    // Three lines from y = 20 to 260: a pitch of 96, so room for a fourth line below.
    expect(noteCanvasHeight({ base: 300, inkTop: 20, inkBottom: 260, lines: 3 })).toBe(380);
    expect(noteCanvasHeight({ base: 300, inkTop: 20, inkBottom: 120, lines: 2 })).toBe(300); // still room
    expect(noteCanvasHeight({ base: 300, inkTop: 20, inkBottom: 2390, lines: 20, max: 2400 })).toBe(2400);
    expect(noteCanvasHeight({ base: 300, inkTop: 20, inkBottom: 2500, lines: 20, max: 2400 })).toBe(2500); // never cuts ink off
  });
});
