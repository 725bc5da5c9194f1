import path from "node:path";
import { loadShippedLanguageModels } from "../../lib/ctc/shipped-language-models-node";
import type { Ink } from "../../lib/ink/types";
import { readModelDir } from "../../lib/model/load-node";
import { existsSync } from "node:fs";
import { loadRecognizer, MODEL_FILES, type Recognition, type RecognizeOptions, type Recognizer } from "../../lib/model/recognizer";
import { PAGE_DECODING, PAGE_PRECISION } from "../../app/components/write/recognition-settings";
import { REPO_ROOT } from "./write-fixtures";

const loaded = new Map<string, Promise<{ recognizer: Recognizer; lms: ReturnType<typeof loadShippedLanguageModels> }>>();

/**
 * The recognizer the page runs, run here in Node on the same model files, LMs and decoding
 * settings: what the page must show for a given ink. Lets the e2e check the browser pipeline
 * (capture → worker → transcript) exactly, whatever the current model's accuracy.
 */
export async function referenceRecognize(modelVersion: string, ink: Ink, overrides: Partial<RecognizeOptions> = {}): Promise<Recognition> {
  let entry = loaded.get(modelVersion);
  if (!entry) {
    entry = (async () => {
      // The same files and precision as the page (the int8 form when the version has one).
      const dir = path.join(REPO_ROOT, "public", "models", modelVersion);
      const file = existsSync(path.join(dir, MODEL_FILES[PAGE_PRECISION])) ? MODEL_FILES[PAGE_PRECISION] : MODEL_FILES.float;
      const recognizer = await loadRecognizer(readModelDir(dir, file), { precision: PAGE_PRECISION });
      return { recognizer, lms: loadShippedLanguageModels(REPO_ROOT, recognizer.charset) };
    })();
    loaded.set(modelVersion, entry);
  }
  const { recognizer, lms } = await entry;
  return recognizer.recognize(ink, { ...PAGE_DECODING, ...lms, ...overrides });
}
