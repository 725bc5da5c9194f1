import { describe, expect, it } from "vitest";
import type { CompactSample } from "../training/dataset";
import type { BaseData } from "./base-data";
import { validationWithoutWriters } from "./validation-without-writers";

const sample = (id: string, writer: string): CompactSample => ({ id, text: id, writer, coords: new Float32Array(2), strokeStarts: new Uint32Array(1) });
const base: BaseData = {
  source: "unipen",
  note: "test",
  pool: [sample("p1", "train-writer")],
  valWords: [sample("w1", "a"), sample("w2", "b"), sample("w3", "c")],
  valLines: [sample("l1", "b"), sample("l2", "c")],
  validationSetId: "unipen-w3-l2-s7.8.9",
};

describe("validationWithoutWriters", () => {
  it("leaves out the trained writers' words and lines and says so in the set's id", () => {
    const out = validationWithoutWriters(base, new Set(["b", "new-contributor"]));
    expect(out.valWords.map((s) => s.id)).toEqual(["w1", "w3"]);
    expect(out.valLines.map((s) => s.id)).toEqual(["l2"]);
    expect(out.validationSetId).toMatch(/^unipen-w3-l2-s7\.8\.9-minus1w-[0-9a-f]{8}$/);
    expect(out.pool).toBe(base.pool);
    // The same writers give the same id; other writers another one.
    expect(validationWithoutWriters(base, new Set(["b"])).validationSetId).toBe(out.validationSetId);
    expect(validationWithoutWriters(base, new Set(["c"])).validationSetId).not.toBe(out.validationSetId);
  });

  it("returns the set itself when no trained writer is in it, or when nothing would remain", () => {
    expect(validationWithoutWriters(base, new Set(["someone-else"]))).toBe(base);
    expect(validationWithoutWriters(base, new Set(["a", "b", "c"]))).toBe(base);
  });
});
