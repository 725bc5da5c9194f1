import { readFileSync } from "node:fs";
import { loadRecognizer } from "./lib/model/recognizer";
import { readModelDir } from "./lib/model/load-node";
import { CharNgramLM } from "./lib/ctc/char-ngram-lm";
import { WordNgramLM } from "./lib/ctc/word-ngram-lm";
import { DEFAULT_DATA_DIR, loadSplit } from "./lib/training/unipen";
import { isDecoderTuningWriter, toInk } from "./lib/training/dataset";
import path from "node:path";
import { PAGE_DECODING } from "./app/components/write/recognition-settings";
(async () => {
  const r = await loadRecognizer(readModelDir("public/models/v1"));
  const lm = CharNgramLM.fromJSON(JSON.parse(readFileSync("lib/ctc/assets/lm-en.json", "utf8")));
  const wordLm = WordNgramLM.fromJSON(JSON.parse(readFileSync("lib/ctc/assets/word-lm-en.json", "utf8")));
  const split = await loadSplit([path.join(DEFAULT_DATA_DIR, "unipen-text.jsonl.gz")]);
  const lines = split.valLines.filter((s) => isDecoderTuningWriter(s.writer)).slice(0, 40);
  for (const s of lines) {
    const f = r.frameScores(toInk(s));
    const a = r.decodeFrames(f.logits, f.frames, { ...PAGE_DECODING, lm }).candidates[0]?.text;
    const b = r.decodeFrames(f.logits, f.frames, { ...PAGE_DECODING, lm, wordLm, wordLmWeight: 1 }).candidates[0]?.text;
    console.log(JSON.stringify(s.text), "|", JSON.stringify(a), "|", JSON.stringify(b), s.writer);
  }
})();
