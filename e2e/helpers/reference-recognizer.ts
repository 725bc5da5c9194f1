import { readFileSync } from "node:fs";
import path from "node:path";
import { CharNgramLM, type CharNgramLMJson } from "../../lib/ctc/char-ngram-lm";
import type { Ink } from "../../lib/ink/types";
import { readModelDir } from "../../lib/model/load-node";
import { loadRecognizer, type Recognition, type RecognizeOptions, type Recognizer } from "../../lib/model/recognizer";
import { PAGE_DECODING } from "../../app/components/write/recognition-settings";
import { REPO_ROOT } from "./write-fixtures";

const loaded = new Map<string, Promise<{ recognizer: Recognizer; lm: CharNgramLM }>>();

/**
 * The recognizer the page runs, run here in Node on the same model files, LM and decoding
 * settings: what the page must show for a given ink. Lets the e2e check the browser pipeline
 * (capture → worker → transcript) exactly, whatever the current model's accuracy.
 */
export async function referenceRecognize(modelVersion: string, ink: Ink, overrides: Partial<RecognizeOptions> = {}): Promise<Recognition> {
  let entry = loaded.get(modelVersion);
  if (!entry) {
    entry = (async () => {
      const recognizer = await loadRecognizer(readModelDir(path.join(REPO_ROOT, "public", "models", modelVersion)));
      const lm = CharNgramLM.fromJSON(JSON.parse(readFileSync(path.join(REPO_ROOT, "lib", "ctc", "assets", "lm-en.json"), "utf8")) as CharNgramLMJson);
      return { recognizer, lm };
    })();
    loaded.set(modelVersion, entry);
  }
  const { recognizer, lm } = await entry;
  return recognizer.recognize(ink, { ...PAGE_DECODING, lm, ...overrides });
}
