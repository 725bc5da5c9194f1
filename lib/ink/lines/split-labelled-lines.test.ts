import { describe, expect, it } from "vitest";
import { loadFixtureInks, loadStackedFixtureInks } from "../fixtures";
import { segmentLines } from "./segment-lines";
import { labelLines, splitLabelledLines } from "./split-labelled-lines";

const stacked = loadStackedFixtureInks();
const line = loadFixtureInks().find((f) => f.text === "from the day when our fathers")!;

describe("splitLabelledLines", () => {
  it("keeps a one-line sample whole, untouched", () => {
    const result = splitLabelledLines(line.ink, line.text);
    expect(result).toEqual({ ok: true, lines: [{ ink: line.ink, text: line.text }] });
    if (result.ok) expect(result.lines[0].ink).toBe(line.ink);
  });

  it("pairs the ink's lines, top to bottom, with the label's lines (real UNIPEN stacked blocks)", () => {
    for (const f of stacked) {
      const result = splitLabelledLines(f.ink, f.text);
      expect(result.ok, f.id).toBe(true);
      if (!result.ok) continue;
      expect(result.lines.map((l) => l.text)).toEqual(f.text.split("\n"));
      const groups = segmentLines(f.ink).map((l) => l.strokes.map((i) => f.ink.strokes[i]));
      expect(result.lines.map((l) => l.ink.strokes)).toEqual(groups);
      expect(result.lines.reduce((n, l) => n + l.ink.strokes.length, 0)).toBe(f.ink.strokes.length);
    }
  });

  it("refuses a sample whose ink has another number of lines than its label, or an empty label line", () => {
    const f = stacked[0];
    const three = f.text.split("\n").slice(0, 3).join("\n");
    expect(splitLabelledLines(f.ink, three)).toEqual({ ok: false, reason: "the label has 3 lines but the ink was segmented into 4", inkLines: 4, labelLines: 3 });
    expect(splitLabelledLines(line.ink, "from the day\nwhen our fathers")).toMatchObject({ ok: false, inkLines: 1, labelLines: 2 });
    expect(splitLabelledLines(f.ink, "Dorothy\n\nGreg\nHelen")).toMatchObject({ ok: false, reason: "the label has an empty line" });
  });

  it("splits labels at \\n and \\r\\n, trimming each line", () => {
    expect(labelLines(" a \r\nb\nc ")).toEqual(["a", "b", "c"]);
  });
});
