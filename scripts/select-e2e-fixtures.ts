/**
 * npx tsx scripts/select-e2e-fixtures.ts [--model public/models/<version>] [--out e2e/fixtures/write-fixtures.json]
 *
 * Picks the UNIPEN fixtures (lib/ink/fixtures/unipen-fixtures.jsonl) that the shipped model
 * transcribes exactly on the Write page, and records them for e2e/write.spec.ts. It runs the
 * real recognizer in Node with the page's own decoding (beam search, the shipped lexicon and
 * character and word LMs, lib/model/page-decoding.ts) on each ink exactly as the e2e replays it
 * (fitted into the replay box and rounded to whole pixels, e2e/helpers/fit-ink.ts).
 *
 * Default model: the version public/models/manifest.json names. Rerun after committing a model.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadShippedLanguageModels, SHIPPED_CHAR_LM, SHIPPED_LEXICON, SHIPPED_WORD_LM } from "../lib/ctc/shipped-language-models-node";
import { readModelDir } from "../lib/model/load-node";
import { loadRecognizer, MODEL_FILES } from "../lib/model/recognizer";
import { modelStore, shippedDefaultModel } from "../lib/models/active-model";
import { PAGE_DECODING, PAGE_PRECISION } from "../app/components/write/recognition-settings";
import { fitInkToBox, REPLAY_BOX } from "../e2e/helpers/fit-ink";
import { isLine, readUnipenFixtures, REPO_ROOT, weightsSha256, WRITE_FIXTURES_PATH, WriteFixturesSchema, type WriteFixtures } from "../e2e/helpers/write-fixtures";

function fail(message: string): never {
  process.stderr.write(`select-e2e-fixtures: ${message}\n`);
  process.exit(2);
}

function defaultModelDir(): string {
  const shipped = shippedDefaultModel(modelStore(REPO_ROOT));
  return shipped ? shipped.dir : fail("public/models/manifest.json names no published default version; pass --model public/models/<version>");
}

async function main() {
  let args;
  try {
    args = parseArgs({ options: { model: { type: "string" }, out: { type: "string" } } }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  const modelDir = args.model ? path.resolve(args.model) : defaultModelDir();
  const out = args.out ? path.resolve(args.out) : WRITE_FIXTURES_PATH;

  // The page's files and precision (the int8 form when the version has one).
  const file = existsSync(path.join(modelDir, MODEL_FILES[PAGE_PRECISION])) ? MODEL_FILES[PAGE_PRECISION] : MODEL_FILES.float;
  const recognizer = await loadRecognizer(readModelDir(modelDir, file), { precision: PAGE_PRECISION });
  const lms = loadShippedLanguageModels(REPO_ROOT, recognizer.charset);

  const record: WriteFixtures = {
    modelVersion: recognizer.meta.version,
    weightsSha256: weightsSha256(modelDir),
    generatedAt: new Date().toISOString(),
    decoding: { ...PAGE_DECODING, lm: SHIPPED_CHAR_LM, wordLm: SHIPPED_WORD_LM, lexicon: SHIPPED_LEXICON },
    replayBox: { ...REPLAY_BOX },
    tried: 0,
    words: [],
    lines: [],
    misses: [],
  };
  for (const sample of readUnipenFixtures().values()) {
    const ink = fitInkToBox(sample.ink, REPLAY_BOX);
    const read = recognizer.recognize(ink, { ...PAGE_DECODING, ...lms }).candidates[0]?.text ?? "";
    record.tried++;
    if (read === sample.text) (isLine(sample.text) ? record.lines : record.words).push({ id: sample.id, text: sample.text });
    else record.misses.push({ id: sample.id, text: sample.text, read });
  }
  WriteFixturesSchema.parse(record);
  writeFileSync(out, JSON.stringify(record, null, 2) + "\n");
  console.log(
    `model ${record.modelVersion} (${recognizer.engineName}): ${record.words.length} words and ${record.lines.length} lines of ${record.tried} read exactly; wrote ${path.relative(process.cwd(), out)}`,
  );
}

main().catch((e) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
