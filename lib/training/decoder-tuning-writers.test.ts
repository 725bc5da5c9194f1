import { describe, expect, it } from "vitest";
import { isDecoderTuningWriter, isValidationWriter } from "./dataset";

describe("decoder-tuning writers", () => {
  it("are a half of the validation writers, and never a training writer", () => {
    const writers = Array.from({ length: 4000 }, (_, i) => `src/writer${i}`);
    const validation = writers.filter(isValidationWriter);
    const tuning = writers.filter(isDecoderTuningWriter);
    for (const w of tuning) expect(isValidationWriter(w)).toBe(true);
    expect(tuning.length / validation.length).toBeGreaterThan(0.4);
    expect(tuning.length / validation.length).toBeLessThan(0.6);
  });
});
