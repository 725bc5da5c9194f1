import { describe, expect, it } from "vitest";
import { INK_LIMITS, inkFromArrays } from "@/lib/ink/types";
import { inkProblem } from "./ink-problem";
import { expectedWeightBytes } from "./model-cache";
import { strokeAtPoint } from "./stroke-hit-test";
import { lettersOfStroke } from "./letters-of-stroke";

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
