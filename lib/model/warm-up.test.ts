import { describe, expect, it } from "vitest";
import { InkSchema, type Ink } from "../ink/types";
import { preprocessInk } from "../ink/preprocess";
import { warmUp, warmUpInk } from "./warm-up";

describe("warm-up", () => {
  it("is a valid, word-sized ink that preprocesses into frames", () => {
    const ink = warmUpInk();
    expect(InkSchema.safeParse(ink).success).toBe(true);
    expect(ink.strokes.map((s) => s.points.length)).toEqual([200, 160]);
    expect(preprocessInk(ink).steps).toBeGreaterThan(50);
    expect(warmUpInk()).toEqual(ink); // deterministic
  });

  it("reads the ink the given number of times, the caller's way", () => {
    const seen: Ink[] = [];
    warmUp((ink) => seen.push(ink), 5);
    expect(seen).toHaveLength(5);
    expect(seen[0]).toEqual(warmUpInk());
  });
});
