import { readFileSync } from "node:fs";
import path from "node:path";
import { CharNgramLM, type CharNgramLMJson } from "./char-ngram-lm";
import { WordNgramLM, type WordNgramLMJson } from "./word-ngram-lm";

/**
 * The language models the Write page decodes with, as files under the repository root. The
 * page's worker imports the same two files (app/components/write/recognizer.worker.ts; the
 * shipped-assets test checks that it does), so Node tools that load them from here decode as the
 * page does: eval, tune-decoder, the e2e reference recognizer and fixture selection.
 */
export const SHIPPED_CHAR_LM = "lib/ctc/assets/lm-en.json";
export const SHIPPED_WORD_LM = "lib/ctc/assets/word-lm-en.json";

export function loadCharLm(file: string): CharNgramLM {
  return CharNgramLM.fromJSON(JSON.parse(readFileSync(file, "utf8")) as CharNgramLMJson);
}

export function loadWordLm(file: string): WordNgramLM {
  return WordNgramLM.fromJSON(JSON.parse(readFileSync(file, "utf8")) as WordNgramLMJson);
}

/** Both shipped models, read from `root` (the repository root). */
export function loadShippedLanguageModels(root: string): { lm: CharNgramLM; wordLm: WordNgramLM } {
  return { lm: loadCharLm(path.join(root, SHIPPED_CHAR_LM)), wordLm: loadWordLm(path.join(root, SHIPPED_WORD_LM)) };
}
