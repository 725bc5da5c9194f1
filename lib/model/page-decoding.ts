import type { Charset } from "../ctc/charset";
import type { CharLanguageModel } from "../ctc/language-model";
import type { LexiconConstraint } from "../ctc/lexicon-constraint";
import type { WordNgramLM } from "../ctc/word-ngram-lm";
import { decodeLogits, DEFAULT_INSERTION_BONUS, DEFAULT_LEXICON_LM_WEIGHT, DEFAULT_OOV_WORD_PENALTY, SOFT_LEXICON_WORD_LM_WEIGHT, type RecognizeOptions } from "./recognizer";

/**
 * How the Write page decodes: prefix beam search held to the lexicon (65k words and names) word by
 * word, where a word it lacks (a name, a code, a rare word) is still read at a cost of
 * DEFAULT_OOV_WORD_PENALTY nats for that word alone, weighted by the shipped character LM and the
 * word LM (issue 13), with the weights that go with it (lib/model/recognizer.ts). On the validation
 * writers never tuned on (val-rest), reading the lexicon word by word instead of with a whole-line
 * fallback took real lines from 7.40% to 6.79% CER (30.4% to 27.3% WER), words 5.97% to 5.99%.
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
  wordLmWeight: SOFT_LEXICON_WORD_LM_WEIGHT,
  oovWordPenalty: DEFAULT_OOV_WORD_PENALTY,
} as const satisfies RecognizeOptions;

/**
 * The name version scores carry when read with PAGE_DECODING (VersionMetrics.decoder), so the
 * promote guard never compares them with scores read another way. Change it with the decoding.
 */
export const PAGE_DECODER_TAG = "page-soft-lexicon" as const;

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

/**
 * The network's arithmetic on the Write page: int8 (lib/model/quantize.ts), loading the version's
 * int8 form (model.int8.json, half the float16 download) or quantising the float one on load.
 * With this page's decoder (beam + LM) int8 meets issue 16's bar on the 7,598 validation words:
 * CER 7.24% vs 7.27% float, and the same top reading on 99.14% of them (greedy decoding: 98.58%).
 * `?precision=float|int8` and `?threads=1` on the page's URL override it, for benchmarks.
 * Personal adaptations are bound to the weights this loads (readPageModelParams, lib/model/load-node.ts).
 */
export const PAGE_PRECISION: "float" | "int8" = "int8";
