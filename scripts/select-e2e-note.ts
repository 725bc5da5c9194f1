/**
 * npx tsx scripts/select-e2e-note.ts [--data ../shared/data/unipen-text.jsonl.gz] [--model public/models/<version>] [--out e2e/fixtures/note-fixture.json]
 *
 * Builds the recorded 3-line note that e2e/notes.spec.ts writes on the Write page: three real
 * single lines by one UNIPEN validation writer (crc32(writer) % 10 == 0, never trained on),
 * stacked under each other as a note is written (lib/ink/lines/test-pages.ts `page`), fitted into
 * the replay box and rounded to whole pixels exactly as the e2e replays it (e2e/helpers/fit-ink.ts).
 * It keeps the first note, over writers and line triples in a fixed order, that
 *   - a second fit into the replay box leaves as it is (the spec replays it through that fit),
 *   - segmentLines splits into exactly its three lines, and
 *   - the shipped model reads exactly, line by line, with the page's own decoding
 *     (recognizeLines + PAGE_DECODING + the shipped LMs and lexicon, as the page's worker does),
 * and writes only that note (its fitted ink, label and provenance): a few KB, the data stays out
 * of the repository. Rerun after a model or a decoder change; the spec says when it is stale.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadShippedLanguageModels, SHIPPED_CHAR_LM, SHIPPED_LEXICON, SHIPPED_WORD_LM } from "../lib/ctc/shipped-language-models-node";
import { segmentLines } from "../lib/ink/lines/segment-lines";
import { page } from "../lib/ink/lines/test-pages";
import type { Ink } from "../lib/ink/types";
import { readModelDir } from "../lib/model/load-node";
import { recognizeLines } from "../lib/model/recognize-lines";
import { loadRecognizer, MODEL_FILES } from "../lib/model/recognizer";
import { modelStore, shippedDefaultModel } from "../lib/models/active-model";
import { isValidationWriter, loadJsonlDataset, toInk, untokenizeLabel } from "../lib/training/dataset";
import { PAGE_DECODING, PAGE_PRECISION } from "../app/components/write/recognition-settings";
import { fitInkToBox, REPLAY_BOX } from "../e2e/helpers/fit-ink";
import { NOTE_FIXTURE_PATH, NoteFixtureSchema, type NoteFixture } from "../e2e/helpers/note-fixture";
import { REPO_ROOT, weightsSha256 } from "../e2e/helpers/write-fixtures";

function fail(message: string): never {
  process.stderr.write(`select-e2e-note: ${message}\n`);
  process.exit(2);
}

/** Stacked blocks and scattered C code are not single lines (the data README's table). */
const NOT_SINGLE_LINES = /^unipen8\/(apb|apc|apd|ape|att)\//;
/** Short lines of letters and spaces (a few words each), so that the replay stays quick. */
const USABLE_LABEL = /^[A-Za-z][A-Za-z ]{6,22}[A-Za-z]$/;
const MAX_POINTS_PER_LINE = 700;

async function main() {
  let args;
  try {
    args = parseArgs({ options: { data: { type: "string" }, model: { type: "string" }, out: { type: "string" } } }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  const data = path.resolve(args.data ?? path.join(REPO_ROOT, "..", "shared", "data", "unipen-text.jsonl.gz"));
  if (!existsSync(data)) fail(`${data} not found; pass --data <unipen-text.jsonl.gz>`);
  const modelDir = args.model ? path.resolve(args.model) : (shippedDefaultModel(modelStore(REPO_ROOT))?.dir ?? fail("no published default model; pass --model"));
  const out = args.out ? path.resolve(args.out) : NOTE_FIXTURE_PATH;

  const file = existsSync(path.join(modelDir, MODEL_FILES[PAGE_PRECISION])) ? MODEL_FILES[PAGE_PRECISION] : MODEL_FILES.float;
  const recognizer = await loadRecognizer(readModelDir(modelDir, file), { precision: PAGE_PRECISION });
  const lms = loadShippedLanguageModels(REPO_ROOT, recognizer.charset);

  const { samples } = await loadJsonlDataset(data, (r) => {
    if (!isValidationWriter(r.writer) || NOT_SINGLE_LINES.test(r.id)) return null;
    const text = untokenizeLabel(r.text);
    return USABLE_LABEL.test(text) && text.includes(" ") ? text : null;
  });
  const byWriter = new Map<string, { id: string; text: string; ink: Ink }[]>();
  for (const s of samples) {
    const ink = toInk(s);
    if (ink.strokes.reduce((n, st) => n + st.points.length, 0) > MAX_POINTS_PER_LINE || segmentLines(ink).length !== 1) continue;
    const list = byWriter.get(s.writer) ?? [];
    if (!list.some((o) => o.text === s.text)) list.push({ id: s.id, text: s.text, ink });
    byWriter.set(s.writer, list);
  }
  const writers = [...byWriter.keys()].filter((w) => byWriter.get(w)!.length >= 3).sort();
  console.log(`${samples.length} candidate lines by ${byWriter.size} validation writers; ${writers.length} with three or more`);

  let tried = 0;
  for (const writer of writers) {
    // Lines this model reads exactly on their own first: only those can make a note it reads exactly.
    const good = byWriter.get(writer)!.filter((l) => recognizer.recognize(fitInkToBox(l.ink, REPLAY_BOX), { ...PAGE_DECODING, ...lms }).candidates[0]?.text === l.text);
    for (let a = 0; a + 2 < good.length; a++) {
      const lines = good.slice(a, a + 3);
      tried++;
      const stacked = page(lines.map((l) => l.ink));
      const ink = fitInkToBox(stacked.ink, REPLAY_BOX);
      // The spec replays the fixture through the same fit, which must leave it as it is (rounding
      // to whole pixels can move a point by one on a second fit).
      if (JSON.stringify(fitInkToBox(ink, REPLAY_BOX)) !== JSON.stringify(ink)) continue;
      const segmented = segmentLines(ink);
      if (JSON.stringify(segmented.map((l) => l.strokes)) !== JSON.stringify(stacked.groups)) continue;
      const text = lines.map((l) => l.text).join("\n");
      const read = recognizeLines(recognizer, ink, { ...PAGE_DECODING, ...lms }, segmented);
      if (read.candidates[0]?.text !== text) continue;
      // Line 2 must have letters to hover, and line 3 something to correct it from.
      if (read.lines[1].alignment.length === 0) continue;
      const fixture: NoteFixture = {
        modelVersion: recognizer.meta.version,
        weightsSha256: weightsSha256(modelDir),
        generatedAt: new Date().toISOString(),
        decoding: { ...PAGE_DECODING, lm: SHIPPED_CHAR_LM, wordLm: SHIPPED_WORD_LM, lexicon: SHIPPED_LEXICON },
        replayBox: { ...REPLAY_BOX },
        source: { dataset: "UNIPEN train_r01_v07, unipen-text (CC-BY-4.0)", writer, ids: lines.map((l) => l.id) },
        text,
        lines: stacked.groups,
        ink: { version: 1, strokes: ink.strokes.map((s) => s.points.map((p) => [p.x, p.y])) },
      };
      NoteFixtureSchema.parse(fixture);
      writeFileSync(out, JSON.stringify(fixture) + "\n");
      console.log(`model ${fixture.modelVersion}: ${JSON.stringify(text)} by ${writer} (${ink.strokes.length} strokes, ${tried} notes tried); wrote ${path.relative(process.cwd(), out)}`);
      return;
    }
  }
  fail(`no 3-line note of ${writers.length} writers (${tried} tried) is segmented and read exactly`);
}

main().catch((e) => fail(e instanceof Error ? (e.stack ?? e.message) : String(e)));
