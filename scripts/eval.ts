/**
 * npm run eval -- <file.jsonl|.jsonl.gz|.inkml> [--limit N] [--decoder greedy|beam] [--lexicon FILE|default|none]
 *                 [--lm FILE|default|none] [--beam N] [--model DIR] [--split all|val|train] [--json-only]
 *                 [--filter unipen] [--synthetic-lines N] [--threads 1|2] [--lines segment|whole] [--newline-as-space]
 *                 [--precision float|int8] [--compare float|int8] [--word-lm FILE|default|none]
 *                 [--lm-weight W] [--word-lm-weight W] [--insertion-bonus B] [--word-bonus B]
 *                 [--oov-word-penalty P|none] [--readings FILE]
 *
 * --decoder beam decodes exactly as the Write page does (PAGE_DECODING in
 *   lib/model/page-decoding.ts: beam width, weights, per-word OOV penalty, the shipped character LM
 *   lm-en.json, word LM word-lm-en.json and lexicon words-en.json) unless a flag overrides one of
 *   them. --lexicon none decodes without the lexicon, with the recognizer's weights for what is
 *   left (the word-LM weights; with --word-lm none too, the character LM's own). --lexicon FILE
 *   reads a word list: JSON as shipped, or one word per line.
 * --lm-weight, --word-lm-weight, --insertion-bonus, --word-bonus, --oov-word-penalty override the decoder
 *   weights (for tuning); --oov-word-penalty none decodes with the lexicon's whole-reading fallback
 *   (oovMargin) instead of its per-word escape.
 * --split val-tune keeps the validation writers the decoder weights were tuned on
 *   (crc32(writer) % 20 == 0), --split val-rest the others (% 20 == 10), where tuned numbers are reported.
 *
 * --precision int8 runs the int8 kernels (lib/model/quantize.ts): from the model's int8 form
 *   (model.int8.json) when the directory has one, else from its float weights quantised on load.
 * --compare P also runs every record through precision P (same decoder) and reports P's CER/WER and
 *   the share of records whose top reading is the same in both ("same_top" in the JSON line).
 *
 * --threads 2 (the default) runs each layer's two LSTM directions on two threads, as the Write
 *   page does where it is cross-origin isolated; the readings are identical, only faster.
 * --split val keeps the writer-disjoint validation writers (dataset README rule); val-tune and
 *   val-rest are its two halves (see above).
 * --filter unipen applies the training filter: drops UNIPEN's stacked multi-line text blocks and
 *   re-joins tokenised punctuation ("trick !" → "trick!"); without it, labels are used exactly.
 * --lines segment (the default) reads a record of several lines as the app does: segmented into
 *   lines (lib/ink/lines), each line read on its own, joined with "\n", scored as one sample
 *   against the whole label. --lines whole reads every record as one line (the reading before
 *   segmentation). Either way the segmenter's line counts are reported: how often they match the
 *   label's (labels with "\n"), and their distribution for UNIPEN's stacked-block contributors
 *   (whose labels join the lines with spaces) and for the other records.
 * --newline-as-space scores a newline in the reading as a space wherever the label has none
 *   (UNIPEN's stacked blocks).
 * --readings FILE writes one JSON line per record read ({ id, writer, ref, hyp, edits }: the label,
 *   the top reading as scored, and its character edits), for looking at what goes wrong.
 * --synthetic-lines N evaluates N lines built from the file's words (3–6 words of one writer each,
 *   fixed seed) instead of the records themselves.
 *
 * Transcribes every record with the same lib/ code path the browser uses (loadRecognizer →
 * recognize) and prints CER/WER (total edits / total reference units, case-sensitive on the exact
 * label), a short table, and a final JSON line. Bad records are reported with their line number
 * and skipped; the rest of the file is still evaluated.
 */
import { readFileSync, existsSync, writeFileSync } from "node:fs";
import { readTextFileLines } from "../lib/ink/formats/dataset-jsonl-node";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadRecognizer, MODEL_FILES, type RecognizeOptions } from "../lib/model/recognizer";
import type { Precision } from "../lib/model/network";
import { nodeThreadSpawner, readModelDir } from "../lib/model/load-node";
import { modelStore, shippedDefaultModel } from "../lib/models/active-model";
import { ErrorRates } from "../lib/training/metrics";
import { isDecoderTuningWriter, isValidationWriter, compactFromInk, toInk, type CompactSample } from "../lib/training/dataset";
import { unipenFilter, syntheticLines, isMultiLineContributor } from "../lib/training/unipen";
import { LineCountTally, readingForScoring } from "../lib/training/line-metrics";
import { segmentLines } from "../lib/ink/lines/segment-lines";
import { recognizeLines } from "../lib/model/recognize-lines";
import { parseDatasetJsonlLine } from "../lib/ink/formats/dataset-jsonl-parse-line";
import { readInkmlItems } from "../lib/ink/formats/inkml/read-inkml-items";
import { Lexicon } from "../lib/ctc/lexicon";
import { CharNgramLM } from "../lib/ctc/char-ngram-lm";
import { loadLexicon, loadWordLm, SHIPPED_CHAR_LM, SHIPPED_LEXICON, SHIPPED_WORD_LM } from "../lib/ctc/shipped-language-models-node";
import { PAGE_DECODING } from "../app/components/write/recognition-settings";
import type { Ink } from "../lib/ink/types";

const fail = (msg: string): never => {
  process.stderr.write(`eval: ${msg}\n`);
  process.exit(2);
};

export const DEFAULT_LEXICON = path.resolve(SHIPPED_LEXICON);
export const DEFAULT_LM = path.resolve(SHIPPED_CHAR_LM);
export const DEFAULT_WORD_LM = path.resolve(SHIPPED_WORD_LM);

function defaultModelDir(): string {
  const shipped = shippedDefaultModel(modelStore(process.cwd()));
  return shipped ? shipped.dir : fail("no --model given and public/models/manifest.json names no published default version");
}

async function* records(file: string): AsyncGenerator<{ line: number; ok: true; id: string; text: string; writer: string; ink: Ink } | { line: number; ok: false; error: string }> {
  if (file.endsWith(".inkml")) {
    let items;
    try {
      items = readInkmlItems(readFileSync(file, "utf8"));
    } catch (e) {
      return fail(`${file}: ${(e as Error).message}`);
    }
    for (const it of items) {
      if (!it.ok) yield { line: it.line, ok: false, error: `<${it.element}>: ${it.error}` };
      else if (it.label === undefined) yield { line: it.line, ok: false, error: "no truth annotation (label)" };
      else yield { line: it.line, ok: true, id: `${path.basename(file)}:${it.line}`, text: it.label, writer: "inkml", ink: it.ink };
    }
    return;
  }
  let line = 0;
  for await (const text of readTextFileLines(file)) {
    line++;
    if (!text.trim()) continue;
    const r = parseDatasetJsonlLine(text, line);
    if (r.ok) yield { line, ok: true, id: r.sample.id, text: r.sample.text, writer: r.sample.writer, ink: r.sample.ink };
    else yield { line, ok: false, error: r.error };
  }
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        limit: { type: "string" },
        decoder: { type: "string", default: "greedy" },
        lexicon: { type: "string" },
        lm: { type: "string" },
        beam: { type: "string" },
        "word-lm": { type: "string" },
        "lm-weight": { type: "string" },
        "word-lm-weight": { type: "string" },
        "insertion-bonus": { type: "string" },
        "word-bonus": { type: "string" },
        "oov-word-penalty": { type: "string" },
        model: { type: "string" },
        split: { type: "string", default: "all" },
        "json-only": { type: "boolean", default: false },
        filter: { type: "string" },
        "synthetic-lines": { type: "string" },
        threads: { type: "string", default: "2" },
        lines: { type: "string", default: "segment" },
        "newline-as-space": { type: "boolean", default: false },
        precision: { type: "string", default: "float" },
        compare: { type: "string" },
        readings: { type: "string" },
      },
    });
  } catch (e) {
    return fail((e as Error).message);
  }
  const { values: o, positionals } = parsed;
  if (positionals.length !== 1) fail("give exactly one dataset file (.jsonl, .jsonl.gz or .inkml)");
  const file = positionals[0];
  if (!existsSync(file)) fail(`file not found: ${file}`);
  if (o.decoder !== "greedy" && o.decoder !== "beam") fail(`--decoder must be greedy or beam, got "${o.decoder}"`);
  if (!["all", "val", "train", "val-tune", "val-rest"].includes(o.split!)) fail(`--split must be all, val, val-tune, val-rest or train, got "${o.split}"`);
  const limit = o.limit === undefined ? Infinity : Number(o.limit);
  if (!(Number.isInteger(limit) || limit === Infinity) || limit < 1) fail(`--limit must be a positive integer, got "${o.limit}"`);
  const beamWidth = o.beam === undefined ? undefined : Number(o.beam);
  if (beamWidth !== undefined && (!Number.isInteger(beamWidth) || beamWidth < 1)) fail(`--beam must be a positive integer, got "${o.beam}"`);
  const weight = (name: "lm-weight" | "word-lm-weight" | "insertion-bonus" | "word-bonus" | "oov-word-penalty") => {
    if (name === "oov-word-penalty" && o[name] === "none") return undefined;
    if (o[name] === undefined) return undefined;
    const v = Number(o[name]);
    return Number.isFinite(v) ? v : fail(`--${name} must be a number, got "${o[name]}"`);
  };
  const overrides = { lmWeight: weight("lm-weight"), wordLmWeight: weight("word-lm-weight"), insertionBonus: weight("insertion-bonus"), wordBonus: weight("word-bonus"), oovWordPenalty: weight("oov-word-penalty") };

  if (o.filter !== undefined && o.filter !== "unipen") fail(`--filter must be "unipen", got "${o.filter}"`);
  const syntheticCount = o["synthetic-lines"] === undefined ? 0 : Number(o["synthetic-lines"]);
  if (!Number.isInteger(syntheticCount) || syntheticCount < 0) fail(`--synthetic-lines must be a non-negative integer, got "${o["synthetic-lines"]}"`);

  if (o.threads !== "1" && o.threads !== "2") fail(`--threads must be 1 or 2, got "${o.threads}"`);
  if (o.lines !== "segment" && o.lines !== "whole") fail(`--lines must be segment or whole, got "${o.lines}"`);
  const newlineAsSpace = o["newline-as-space"]!;
  const isPrecision = (p: string | undefined): p is Precision => p === "float" || p === "int8";
  if (!isPrecision(o.precision)) fail(`--precision must be float or int8, got "${o.precision}"`);
  if (o.compare !== undefined && !isPrecision(o.compare)) fail(`--compare must be float or int8, got "${o.compare}"`);
  const modelDir = o.model ?? defaultModelDir();
  const load = async (precision: Precision) => {
    const file = MODEL_FILES[precision];
    // The int8 form when shipped; otherwise the float weights, quantised by the engine on load.
    const source = readModelDir(modelDir, existsSync(path.join(modelDir, file)) ? file : MODEL_FILES.float);
    // Two threads (each layer's LSTM directions side by side): the same numbers, sooner.
    return loadRecognizer(source, { spawnThread: o.threads === "1" ? undefined : nodeThreadSpawner, precision });
  };
  let recognizer, other;
  try {
    recognizer = await load(o.precision as Precision);
    other = o.compare ? await load(o.compare as Precision) : undefined;
  } catch (e) {
    return fail(`cannot load model from ${modelDir}: ${(e as Error).message}`);
  }
  const charset = recognizer.charset;
  const lexFile = o.lexicon === "none" ? undefined : o.lexicon === "default" || (o.lexicon === undefined && o.decoder === "beam") ? DEFAULT_LEXICON : o.lexicon;
  if (lexFile && !existsSync(lexFile)) fail(`lexicon file not found: ${lexFile}`);
  let lexicon;
  try {
    lexicon = !lexFile ? undefined : lexFile.endsWith(".json") ? loadLexicon(lexFile, charset) : Lexicon.fromText(charset, readFileSync(lexFile, "utf8"));
  } catch (e) {
    return fail(`cannot read lexicon ${lexFile}: ${(e as Error).message}`);
  }
  const lmFile = o.lm === "none" ? undefined : o.lm === "default" || (o.lm === undefined && o.decoder === "beam") ? DEFAULT_LM : o.lm;
  if (lmFile && !existsSync(lmFile)) fail(`language model file not found: ${lmFile}`);
  const lm = lmFile ? CharNgramLM.fromJSON(JSON.parse(readFileSync(lmFile, "utf8"))) : undefined;
  const decoder = lexicon || o.decoder === "beam" ? "beam" : "greedy";
  const wordLmFile = o["word-lm"] === "none" ? undefined : o["word-lm"] === "default" || (o["word-lm"] === undefined && decoder === "beam") ? DEFAULT_WORD_LM : o["word-lm"];
  if (wordLmFile && !existsSync(wordLmFile)) fail(`word language model file not found: ${wordLmFile}`);
  let wordLm;
  try {
    wordLm = wordLmFile ? loadWordLm(wordLmFile) : undefined;
  } catch (e) {
    return fail(`cannot read word language model ${wordLmFile}: ${(e as Error).message}`);
  }
  // Beam decoding is the Write page's (PAGE_DECODING) unless a flag says otherwise. Without the
  // lexicon or the word LM (--lexicon none, --word-lm none), the recognizer's weights for what is
  // left apply instead of the page's (recognizer.ts: DEFAULT_LM_WEIGHT, WORD_LM_CHAR_LM_WEIGHT…).
  const defined = <T extends object>(v: T) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
  const { lmWeight: pageLmWeight, insertionBonus: pageBonus, wordLmWeight: pageWordLmWeight, ...pageRest } = PAGE_DECODING;
  const pageWeights = lexicon && wordLm ? { lmWeight: pageLmWeight, insertionBonus: pageBonus, wordLmWeight: pageWordLmWeight } : {};
  const options: RecognizeOptions = {
    ...(decoder === "beam" ? { ...pageRest, ...pageWeights } : { decoder: "greedy" }),
    ...defined({ beamWidth, lexicon, lm, wordLm, ...overrides }),
  };
  // --oov-word-penalty none: the lexicon's older whole-reading fallback (oovMargin) instead.
  if (o["oov-word-penalty"] === "none") delete options.oovWordPenalty;

  const rates = new ErrorRates();
  const lineCounts = new LineCountTally();
  const ratesByGroup = new Map<string, ErrorRates>();
  const otherRates = new ErrorRates();
  let sameTop = 0;
  const bad: string[] = [];
  let ms = 0;
  const worst: { id: string; writer: string; ref: string; hyp: string; edits: number }[] = [];
  for await (const r of selected(records(file), o.split!, o.filter === "unipen", syntheticCount)) {
    if (rates.samples >= limit) break;
    if (!r.ok) {
      bad.push(`line ${r.line}: ${r.error}`);
      process.stderr.write(`eval: skipped bad record at line ${r.line}: ${r.error}\n`);
      continue;
    }
    let hyp = "";
    const group = lineGroup(r.id, r.text);
    try {
      const lines = segmentLines(r.ink);
      lineCounts.add(group, r.text, lines.length);
      const out = o.lines === "segment" ? recognizeLines(recognizer, r.ink, options, lines) : recognizer.recognize(r.ink, options);
      hyp = readingForScoring(r.text, out.candidates[0]?.text ?? "", newlineAsSpace);
      ms += out.timings.totalMs;
      if (other) {
        const otherOut = o.lines === "segment" ? recognizeLines(other, r.ink, options, lines) : other.recognize(r.ink, options);
        const otherHyp = readingForScoring(r.text, otherOut.candidates[0]?.text ?? "", newlineAsSpace);
        otherRates.add(r.text, otherHyp);
        if (otherHyp === hyp) sameTop++;
      }
    } catch (e) {
      bad.push(`line ${r.line}: ${(e as Error).message}`);
      process.stderr.write(`eval: could not recognise line ${r.line}: ${(e as Error).message}\n`);
      continue;
    }
    const before = rates.charEdits;
    rates.add(r.text, hyp);
    if (!ratesByGroup.has(group)) ratesByGroup.set(group, new ErrorRates());
    ratesByGroup.get(group)!.add(r.text, hyp);
    worst.push({ id: r.id, writer: r.writer, ref: r.text, hyp, edits: rates.charEdits - before });
    if (!o["json-only"] && rates.samples % 500 === 0) process.stderr.write(`  ${rates.samples} samples, CER so far ${(100 * rates.cer).toFixed(2)}%\n`);
  }
  if (o.readings) {
    try {
      writeFileSync(o.readings, worst.map((w) => JSON.stringify(w)).join("\n") + "\n");
    } catch (e) {
      fail(`cannot write --readings ${o.readings}: ${(e as Error).message}`);
    }
  }
  if (rates.samples === 0) fail(`no valid records evaluated from ${file}${bad.length ? ` (${bad.length} bad records)` : ""}`);
  const summary = {
    samples: rates.samples,
    cer: round(rates.cer),
    wer: round(rates.wer),
    exact: round(rates.accuracy),
    ms_per_sample: round(ms / rates.samples, 2),
    model: recognizer.meta.version,
    decoder: `${lexicon ? `${decoder}+lexicon` : lm ? `${decoder}+lm` : decoder}${wordLm ? "+wordlm" : ""}`,
    weights: decoder === "beam" ? { lm: options.lmWeight ?? null, word_lm: wordLm ? (options.wordLmWeight ?? null) : null, insertion_bonus: options.insertionBonus ?? null, word_bonus: wordLm ? (options.wordBonus ?? null) : null, beam: options.beamWidth ?? null } : null,
    engine: recognizer.engineName,
    threads: recognizer.threads,
    bad_records: bad.length,
    lines: o.lines,
    newline_as_space: newlineAsSpace,
    /** Labels with "\n": how often the segmenter found as many lines. */
    line_count_accuracy: lineCounts.accuracy === null ? null : round(lineCounts.accuracy),
    line_count_labelled: lineCounts.labelled.samples,
    line_counts: lineCounts.toJSON(),
    cer_by_group: Object.fromEntries([...ratesByGroup].map(([g, e]) => [g, { samples: e.samples, cer: round(e.cer), wer: round(e.wer) }])),
    precision: recognizer.precision,
    kernels: recognizer.kernelName,
    ...(other
      ? { compare: { precision: other.precision, kernels: other.kernelName, cer: round(otherRates.cer), wer: round(otherRates.wer), exact: round(otherRates.accuracy) }, same_top: round(sameTop / rates.samples) }
      : {}),
  };
  if (!o["json-only"]) {
    worst.sort((a, b) => b.edits - a.edits);
    console.log(`\nfile      ${file}${o.split !== "all" ? ` (split: ${o.split})` : ""}${o.filter ? ` (filter: ${o.filter})` : ""}${syntheticCount ? ` (${syntheticCount} synthetic lines)` : ""}`);
    console.log(`model     ${summary.model} (${modelDir}), engine ${summary.engine} (${summary.threads} thread${summary.threads === 1 ? "" : "s"}), decoder ${summary.decoder}`);
    console.log(`samples   ${summary.samples} (${bad.length} bad records skipped)`);
    console.log(`CER       ${(100 * rates.cer).toFixed(2)}%   (${rates.charEdits} edits / ${rates.chars} chars)`);
    console.log(`WER       ${(100 * rates.wer).toFixed(2)}%   (${rates.wordEdits} edits / ${rates.words} words)`);
    console.log(`exact     ${(100 * rates.accuracy).toFixed(2)}%   of samples transcribed exactly`);
    console.log(`speed     ${summary.ms_per_sample} ms per sample (${summary.kernels})`);
    console.log(`lines     ${o.lines === "segment" ? "segmented, each line read on its own" : "each record read as one line"}${newlineAsSpace ? "; newlines scored as spaces where the label has none" : ""}`);
    if (lineCounts.accuracy !== null) console.log(`          right line count ${(100 * lineCounts.accuracy).toFixed(2)}% of ${lineCounts.labelled.samples} labels with newlines`);
    for (const [g, counts] of Object.entries(summary.line_counts)) {
      const e = ratesByGroup.get(g)!;
      console.log(`          ${g}: ${e.samples} samples, CER ${(100 * e.cer).toFixed(2)}%, lines found ${Object.entries(counts).map(([k, n]) => `${k}: ${n}`).join(", ")}`);
    }
    if (other) {
      console.log(`compare   ${other.kernelName}: CER ${(100 * otherRates.cer).toFixed(2)}%, WER ${(100 * otherRates.wer).toFixed(2)}%, exact ${(100 * otherRates.accuracy).toFixed(2)}%`);
      console.log(`same top  ${(100 * sameTop / rates.samples).toFixed(2)}% of samples read the same by both`);
    }
    console.log(`worst     ${worst.slice(0, 5).map((w) => `${JSON.stringify(w.ref)} → ${JSON.stringify(w.hyp)}`).join(", ")}`);
  }
  console.log(JSON.stringify(summary));
}

/** Which line-count group a record is reported in. */
function lineGroup(id: string, text: string): string {
  if (text.includes("\n")) return "labelled lines";
  return isMultiLineContributor(id) ? "unipen multi-line contributors (apb-ape, att)" : "other";
}

type Rec = { line: number; ok: true; id: string; text: string; writer: string; ink: Ink } | { line: number; ok: false; error: string };

/** Applies --split and --filter, and replaces the records by synthetic lines when asked. */
async function* selected(all: AsyncGenerator<Rec>, split: string, unipen: boolean, synthetic: number): AsyncGenerator<Rec> {
  const words: CompactSample[] = [];
  for await (const r of all) {
    if (r.ok) {
      if (split === "val" && !isValidationWriter(r.writer)) continue;
      if (split === "train" && isValidationWriter(r.writer)) continue;
      if (split === "val-tune" && !(isValidationWriter(r.writer) && isDecoderTuningWriter(r.writer))) continue;
      if (split === "val-rest" && !(isValidationWriter(r.writer) && !isDecoderTuningWriter(r.writer))) continue;
      const text = unipen ? unipenFilter(r) : r.text;
      if (text === null) continue;
      if (synthetic) {
        if (!text.includes(" ")) words.push(compactFromInk(r.id, text, r.writer, r.ink));
        continue;
      }
      yield { ...r, text };
    } else yield r;
  }
  if (synthetic) {
    const lines = syntheticLines(words, synthetic, 9);
    let i = 0;
    for (const l of lines) yield { line: ++i, ok: true, id: l.id, text: l.text, writer: l.writer, ink: toInk(l) };
  }
}

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

main().catch((e) => {
  process.stderr.write(`eval: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
