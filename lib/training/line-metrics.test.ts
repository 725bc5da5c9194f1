import { describe, expect, it } from "vitest";
import { ErrorRates } from "./metrics";
import { labelledLineCount, LineCountTally, readingForScoring } from "./line-metrics";

describe("multi-line scoring", () => {
  it("scores a reading's newlines as spaces only where the label has none", () => {
    expect(readingForScoring("Jack Jenny", "Jack\nJenny", true)).toBe("Jack Jenny");
    expect(readingForScoring("Jack Jenny", "Jack\nJenny", false)).toBe("Jack\nJenny");
    expect(readingForScoring("Jack\nJenny", "Jack Jenny", true)).toBe("Jack Jenny");
    const rates = new ErrorRates();
    rates.add("Jack Jenny", readingForScoring("Jack Jenny", "Jack\nJenny", true));
    rates.add("Jack\nJenny", readingForScoring("Jack\nJenny", "Jack\nJenny", true));
    expect(rates.charEdits).toBe(0);
  });

  it("takes the line count from labels with newlines only", () => {
    expect(labelledLineCount("one line")).toBeNull();
    expect(labelledLineCount("a\nb c\nd")).toBe(3);
  });

  it("tallies line counts per group and how often they match the label", () => {
    const tally = new LineCountTally();
    tally.add("stacked", "Jack Jenny Karen", 3);
    tally.add("stacked", "Jack Jenny", 2);
    tally.add("other", "a\nb", 2);
    tally.add("other", "a\nb\nc", 2);
    tally.add("other", "one line", 1);
    expect(tally.labelled).toEqual({ samples: 2, correct: 1 });
    expect(tally.accuracy).toBe(0.5);
    expect(tally.toJSON()).toEqual({ stacked: { "2": 1, "3": 1 }, other: { "1": 1, "2": 2 } });
    expect(new LineCountTally().accuracy).toBeNull();
  });
});
