import type { CharLanguageModel } from "../ctc/language-model";
import type { Lexicon } from "../ctc/lexicon";
import { VocabularyBoostedLM, vocabularyOf } from "../ctc/vocabulary-boosted-lm";
import { MAX_VOCABULARY_WORD_LENGTH, MAX_VOCABULARY_WORDS, type AdaptationRecord } from "./adaptation-record";

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

/**
 * A writer's words as lexicon entries: each token of their samples without the punctuation
 * around it (the lexicon reads `"Kafka,"` as leading punctuation, a word and trailing
 * punctuation), kept when it starts with a letter; numbers and codes are free tokens anyway.
 */
export function personalLexiconWords(record: Pick<AdaptationRecord, "vocabulary">): string[] {
  const words = new Set<string>();
  for (const { word } of record.vocabulary) {
    const core = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    if (/^\p{L}/u.test(core)) words.add(core);
  }
  return [...words];
}

/**
 * The lexicon a personalised recognizer decodes with: the shared one plus the words of the
 * writer's samples, so that a name, a place or a foreign word they have written before no longer
 * pays the lexicon's out-of-vocabulary cost (PAGE_DECODING's oovWordPenalty) when they write it
 * again ("kafka" read "hafka", "flipflop" read "flipslop"). Unlike the character-LM mixture above
 * this costs every other word nothing, since no word leaves the lexicon. On the benchmark's eight
 * writers (stop 33, the same adapted weights decoded both ways) it took the mean CER change from
 * −25.1% to −26.9%: nic/KEES −16.4% → −26.7%, art/writer01 −41.3% → −45.0%, lex/ehrls1 −20.5% →
 * −21.4%, and the other five unchanged (no writer read worse).
 */
export function personalLexicon(base: Lexicon, record: Pick<AdaptationRecord, "vocabulary"> | null): Lexicon {
  if (!record) return base;
  const words = personalLexiconWords(record).filter((w) => !base.has(w));
  return words.length ? base.withWords(words) : base;
}

/**
 * What a personalised recognizer decodes with, in one place for the Write page's worker and the
 * benchmark: the shared character LM (mixed with the writer's words when `vocabularyWeight` > 0)
 * and the shared lexicon plus the writer's words. With no record, the shared ones themselves.
 */
export function personalDecoding(shared: { lm: CharLanguageModel; lexicon: Lexicon }, record: Pick<AdaptationRecord, "vocabulary"> | null, vocabularyWeight = PERSONAL_VOCABULARY_WEIGHT): { lm: CharLanguageModel; lexicon: Lexicon } {
  return { lm: personalLanguageModel(shared.lm, record, vocabularyWeight), lexicon: personalLexicon(shared.lexicon, record) };
}

/**
 * An adaptation the server derived (it carries no words: it is served by writer id) with the
 * words of the samples this device keeps for its writer, so that it decodes with their words as
 * one made on the device does. A record that already has words keeps them.
 */
export function withDeviceVocabulary<R extends Pick<AdaptationRecord, "vocabulary">>(record: R, deviceTexts: readonly string[]): R {
  return record.vocabulary.length > 0 || deviceTexts.length === 0 ? record : { ...record, vocabulary: recordVocabulary(deviceTexts) };
}

/** The words of a writer's sample texts with their counts, most used first, as a record keeps them (within its limits). */
export function recordVocabulary(texts: readonly string[]): AdaptationRecord["vocabulary"] {
  return vocabularyOf(texts).filter((v) => v.word.length <= MAX_VOCABULARY_WORD_LENGTH).slice(0, MAX_VOCABULARY_WORDS);
}
