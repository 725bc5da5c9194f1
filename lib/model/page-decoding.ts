import type { Charset } from "../ctc/charset";
import type { CharLanguageModel } from "../ctc/language-model";
import type { WordNgramLM } from "../ctc/word-ngram-lm";
import { decodeLogits, DEFAULT_WORD_LM_WEIGHT, WORD_LM_CHAR_LM_WEIGHT, WORD_LM_INSERTION_BONUS, type RecognizeOptions } from "./recognizer";

/**
 * How the Write page decodes: prefix beam search weighted by the shipped character LM and the
 * word LM (issue 13), with the weights tuned for the two together (lib/model/recognizer.ts).
 * One place, because `npm run eval -- --decoder beam`, the e2e reference recognizer, the
 * fixture selection (scripts/select-e2e-fixtures.ts) and the retrain job's model selection
 * (pageTextReader) must decode exactly as the page does.
 * The LMs themselves are passed in by the caller: the worker imports lm-en.json and
 * word-lm-en.json, Node tools load the same files (lib/ctc/shipped-language-models-node.ts).
 */
export const PAGE_DECODING = {
  decoder: "beam",
  beamWidth: 16,
  nBest: 5,
  lmWeight: WORD_LM_CHAR_LM_WEIGHT,
  insertionBonus: WORD_LM_INSERTION_BONUS,
  wordLmWeight: DEFAULT_WORD_LM_WEIGHT,
} as const satisfies RecognizeOptions;

/**
 * Logits to the text the Write page would show: its decoding with its two language models
 * (the shipped ones: lib/ctc/shipped-language-models-node.ts). For scoring whole sets, where
 * only the top reading counts.
 */
export function pageTextReader(charset: Charset, lms: { lm: CharLanguageModel; wordLm: WordNgramLM }): (logits: Float32Array, frames: number) => string {
  const options: RecognizeOptions = { ...PAGE_DECODING, nBest: 1, ...lms };
  return (logits, frames) => decodeLogits(logits, frames, charset, options).candidates[0]?.text ?? "";
}
