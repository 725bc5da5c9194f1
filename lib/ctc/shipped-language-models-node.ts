import { readFileSync } from "node:fs";
import path from "node:path";
import type { Charset } from "./charset";
import { CharNgramLM, type CharNgramLMJson } from "./char-ngram-lm";
import { Lexicon, type WordListJson } from "./lexicon";
import { WordNgramLM, type WordNgramLMJson } from "./word-ngram-lm";

/**
 * The language models and lexicon the Write page decodes with, as files under the repository
 * root. The page's worker imports the same three files (app/components/write/recognizer.worker.ts; the
 * shipped-assets test checks that it does), so Node tools that load them from here decode as the
 * page does: eval, tune-decoder, the e2e reference recognizer and fixture selection.
 */
export const SHIPPED_CHAR_LM = "lib/ctc/assets/lm-en.json";
export const SHIPPED_WORD_LM = "lib/ctc/assets/word-lm-en.json";
export const SHIPPED_LEXICON = "lib/ctc/assets/words-en.json";

export function loadCharLm(file: string): CharNgramLM {
  return CharNgramLM.fromJSON(JSON.parse(readFileSync(file, "utf8")) as CharNgramLMJson);
}

export function loadWordLm(file: string): WordNgramLM {
  return WordNgramLM.fromJSON(JSON.parse(readFileSync(file, "utf8")) as WordNgramLMJson);
}

export function loadLexicon(file: string, charset: Charset): Lexicon {
  return Lexicon.fromJSON(charset, JSON.parse(readFileSync(file, "utf8")) as WordListJson);
}

/**
 * Everything the page decodes with besides its weights, read from `root` (the repository root):
 * spread into recognize()'s options with PAGE_DECODING. The lexicon is built over the model's charset.
 */
export function loadShippedLanguageModels(root: string, charset: Charset): { lm: CharNgramLM; wordLm: WordNgramLM; lexicon: Lexicon } {
  return { lm: loadCharLm(path.join(root, SHIPPED_CHAR_LM)), wordLm: loadWordLm(path.join(root, SHIPPED_WORD_LM)), lexicon: loadLexicon(path.join(root, SHIPPED_LEXICON), charset) };
}
