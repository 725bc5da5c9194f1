import type { CharLanguageModel } from "../ctc/language-model";
import { VocabularyBoostedLM } from "../ctc/vocabulary-boosted-lm";
import type { AdaptationRecord } from "./adaptation-record";

/**
 * Weight λ of the writer's own words in the decoder's character LM (VocabularyBoostedLM): chosen
 * on validation writers outside the adaptation benchmark's eight (see lib/adapt/README.md).
 */
export const PERSONAL_VOCABULARY_WEIGHT = 0.3;

/** The language model a personalised recognizer decodes with: the shared LM, preferring this writer's words. */
export function personalLanguageModel(base: CharLanguageModel, record: Pick<AdaptationRecord, "vocabulary"> | null, weight = PERSONAL_VOCABULARY_WEIGHT): CharLanguageModel {
  if (!record || record.vocabulary.length === 0 || weight === 0) return base;
  return new VocabularyBoostedLM(base, record.vocabulary, weight);
}
