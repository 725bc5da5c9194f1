import { DEFAULT_INSERTION_BONUS, DEFAULT_LM_WEIGHT, type RecognizeOptions } from "@/lib/model/recognizer";

/**
 * How the Write page decodes: prefix beam search weighted by the shipped character LM.
 * One place, because the e2e fixture selection (scripts/select-e2e-fixtures.ts) must decode
 * exactly as the page does, or the fixtures it picks would not be the ones the page gets right.
 * The LM itself is passed in by the caller (the worker or the script loads lm-en.json).
 */
export const PAGE_DECODING = {
  decoder: "beam",
  beamWidth: 16,
  nBest: 5,
  lmWeight: DEFAULT_LM_WEIGHT,
  insertionBonus: DEFAULT_INSERTION_BONUS,
} as const satisfies RecognizeOptions;

/** How many alternatives the page offers under the transcript (the top one is the transcript). */
export const CANDIDATES_SHOWN = 4;
