import type { Charset } from "../ctc/charset";
import type { CharLanguageModel } from "../ctc/language-model";
import type { LexiconConstraint } from "../ctc/lexicon-constraint";
import type { WordNgramLM } from "../ctc/word-ngram-lm";
import { decodeLogits, DEFAULT_INSERTION_BONUS, DEFAULT_LEXICON_LM_WEIGHT, DEFAULT_LEXICON_WORD_LM_WEIGHT, DEFAULT_OOV_MARGIN, type RecognizeOptions } from "./recognizer";

/**
 * How the Write page decodes: prefix beam search held to the lexicon (65k words and names, with an
 * unconstrained second beam for what the lexicon lacks: names, codes, rare words, which win by
 * the OOV margin), weighted by the shipped character LM and the word LM (issue 13), with the
 * weights that go with the lexicon (lib/model/recognizer.ts). On all UNIPEN validation writers
 * (model card) the lexicon took words from 6.89% to 5.61% CER and real lines from 10.64% to 10.24%.
 * One place, because `npm run eval -- --decoder beam`, the e2e reference recognizer, the
 * fixture selection (scripts/select-e2e-fixtures.ts), bench-adapt and the retrain job's model
 * selection (pageTextReader) must decode exactly as the page does.
 * The LMs and the lexicon are passed in by the caller (PageLanguageModels): the worker imports
 * lm-en.json, word-lm-en.json and words-en.json; Node tools load the same files
 * (lib/ctc/shipped-language-models-node.ts).
 */
export const PAGE_DECODING = {
  decoder: "beam",
  beamWidth: 16,
  nBest: 5,
  lmWeight: DEFAULT_LEXICON_LM_WEIGHT,
  insertionBonus: DEFAULT_INSERTION_BONUS,
  wordLmWeight: DEFAULT_LEXICON_WORD_LM_WEIGHT,
  oovMargin: DEFAULT_OOV_MARGIN,
} as const satisfies RecognizeOptions;

/** What PAGE_DECODING decodes with besides the weights: spread both into recognize()'s options. */
export interface PageLanguageModels {
  lm: CharLanguageModel;
  wordLm: WordNgramLM;
  lexicon: LexiconConstraint;
}

/** Logits [frames, classes] of one sample to its reading. */
export type TextReader = (logits: Float32Array, frames: number) => string;

/**
 * Logits to the text the Write page would show: its decoding with its two language models
 * and lexicon (the shipped ones: lib/ctc/shipped-language-models-node.ts). For scoring whole sets, where
 * only the top reading counts.
 */
export function pageTextReader(charset: Charset, lms: PageLanguageModels): TextReader {
  const options: RecognizeOptions = { ...PAGE_DECODING, nBest: 1, ...lms };
  return (logits, frames) => decodeLogits(logits, frames, charset, options).candidates[0]?.text ?? "";
}
