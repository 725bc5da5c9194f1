import type { CharLanguageModel } from "../ctc/language-model";
import { VocabularyBoostedLM } from "../ctc/vocabulary-boosted-lm";
import type { AdaptationRecord } from "./adaptation-record";

/**
 * Weight λ of the writer's own words in the decoder's character LM (VocabularyBoostedLM). Off by
 * default: measured on 14 validation writers it did not pay. On six writers outside the benchmark
 * it moved the mean CER change from −22.8% to −23.5% (λ 0.1–0.7 alike); on the benchmark's eight
 * it moved it from −19.9% to −17.6%, since writers who never repeat a word pay the mixture's
 * per-word cost. `npm run bench-adapt -- --vocabulary-weight 0.3` measures it again.
 */
export const PERSONAL_VOCABULARY_WEIGHT = 0;

/** The language model a personalised recognizer decodes with: the shared LM, preferring this writer's words. */
export function personalLanguageModel(base: CharLanguageModel, record: Pick<AdaptationRecord, "vocabulary"> | null, weight = PERSONAL_VOCABULARY_WEIGHT): CharLanguageModel {
  if (!record || record.vocabulary.length === 0 || weight === 0) return base;
  return new VocabularyBoostedLM(base, record.vocabulary, weight);
}
