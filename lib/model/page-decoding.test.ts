import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadFixtureInks } from "../ink/fixtures";
import { loadShippedLanguageModels } from "../ctc/shipped-language-models-node";
import { readModelDir } from "./load-node";
import { loadRecognizer, type Recognizer } from "./recognizer";
import { PAGE_DECODING, pageTextReader } from "./page-decoding";

describe("pageTextReader", () => {
  let recognizer: Recognizer;
  beforeAll(async () => {
    recognizer = await loadRecognizer(readModelDir(path.join(import.meta.dirname, "..", "..", "public", "models", "v1")));
  });

  it("reads logits exactly as the Write page's recognize() does with the shipped models (the retrain job's yardstick)", () => {
    const lms = loadShippedLanguageModels(path.join(import.meta.dirname, "..", ".."), recognizer.charset);
    const read = pageTextReader(recognizer.meta.config.charset, lms);
    const inks = loadFixtureInks().slice(0, 12);
    let differsFromGreedy = 0;
    for (const { ink } of inks) {
      const { logits, frames } = recognizer.frameScores(ink);
      const page = recognizer.recognize(ink, { ...PAGE_DECODING, ...lms }).candidates[0]?.text ?? "";
      expect(read(logits, frames)).toBe(page);
      if (page !== (recognizer.recognize(ink).candidates[0]?.text ?? "")) differsFromGreedy++;
    }
    // The LMs do change readings: the reader is not greedy decoding under another name.
    expect(differsFromGreedy).toBeGreaterThan(0);
  });
});
