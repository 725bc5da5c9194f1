import { describe, expect, it } from "vitest";
import { loadFixtureInks, loadStackedFixtureInks } from "../ink/fixtures";
import { toInk } from "../training/dataset";
import { trainingLines } from "./training-lines";

describe("trainingLines", () => {
  const word = loadFixtureInks()[0];
  const [note, other] = loadStackedFixtureInks();
  const sample = (id: string, text: string, ink = word.ink) => ({ id, text, writer: "w1", ink });

  it("keeps one-line samples as they are and splits multi-line ones into their lines, skipping those it cannot pair", () => {
    const out = trainingLines([sample("a", word.text), sample("n", note.text, note.ink), sample("bad", "only\ntwo", other.ink)]);
    expect(out.split).toBe(1);
    expect(out.skipped).toEqual([{ id: "bad", reason: "the label has 2 lines but the ink was segmented into 4" }]);
    expect(out.samples.map((s) => [s.id, s.text])).toEqual([
      ["a", word.text],
      ["n#1", "Dorothy"],
      ["n#2", "Emma"],
      ["n#3", "Greg"],
      ["n#4", "Helen"],
    ]);
    expect(toInk(out.samples[0]).strokes).toHaveLength(word.ink.strokes.length);
    expect(out.samples.slice(1).reduce((n, s) => n + s.strokeStarts.length, 0)).toBe(note.ink.strokes.length);
    expect(out.samples.every((s) => s.writer === "w1")).toBe(true);
  });
});
