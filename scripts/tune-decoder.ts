/**
 * npm run tune-decoder -- --model DIR [--words N] [--lines N] [--oov | --word-lm]
 *
 * Grid-searches the beam decoder's LM weight and insertion bonus on a fixed subset of the
 * writer-disjoint validation split (words + real lines) and prints CER per setting, best last.
 * --oov instead tunes the lexicon fallback margin (RecognizeOptions.oovMargin): word accuracy on
 * the validation words for each margin, from one lexicon-only and one free beam per word.
 * --word-lm instead tunes the Write page's decoder (character LM + word LM, PAGE_DECODING): the
 * character-LM weight, word-LM weight, insertion bonus and word bonus (--grid "λc,…;λw,…;bonus,…;wordBonus,…"), on the decoder-tuning half of the
 * validation writers only (isDecoderTuningWriter: all their real lines, and N of their words), so
 * that the other half (`npm run eval -- --split val-rest`) reports the chosen setting unseen.
 * --beam N overrides the page's beam width, --word-lm-file FILE tries another word LM build.
 * With --lexicon the beam is also lexicon-constrained (with its free fallback, --oov-margins M,…).
 * Each sample's logits are computed once and decoded under every setting.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_LEXICON_LM_WEIGHT, loadRecognizer, type Recognizer } from "../lib/model/recognizer";
import { readModelDir } from "../lib/model/load-node";
import { CharNgramLM } from "../lib/ctc/char-ngram-lm";
import { Lexicon } from "../lib/ctc/lexicon";
import { ErrorRates } from "../lib/training/metrics";
import { DEFAULT_DATA_DIR, fixedSubset, loadSplit } from "../lib/training/unipen";
import { isDecoderTuningWriter, toInk, type CompactSample } from "../lib/training/dataset";
import { loadLexicon, loadWordLm, SHIPPED_LEXICON, SHIPPED_WORD_LM } from "../lib/ctc/shipped-language-models-node";
import type { WordNgramLM } from "../lib/ctc/word-ngram-lm";
import { PAGE_DECODING } from "../app/components/write/recognition-settings";

async function main() {
  const o = parseArgs({ options: { model: { type: "string" }, words: { type: "string", default: "400" }, lines: { type: "string", default: "120" }, oov: { type: "boolean", default: false }, "word-lm": { type: "boolean", default: false }, grid: { type: "string", default: "full" }, lexicon: { type: "boolean", default: false }, "oov-margins": { type: "string", default: "4" }, beam: { type: "string" }, "word-lm-file": { type: "string" } } }).values;
  if (!o.model) throw new Error("--model DIR is required");
  const recognizer = await loadRecognizer(readModelDir(o.model));
  const lm = CharNgramLM.fromJSON(JSON.parse(readFileSync(path.resolve("lib/ctc/assets/lm-en.json"), "utf8")));
  const split = await loadSplit([path.join(DEFAULT_DATA_DIR, "unipen-words.jsonl.gz"), path.join(DEFAULT_DATA_DIR, "unipen-text.jsonl.gz")]);
  if (o["word-lm"]) {
    const words = fixedSubset(split.valWords.filter((s) => isDecoderTuningWriter(s.writer)), Number(o.words), 21);
    const lines = split.valLines.filter((s) => isDecoderTuningWriter(s.writer));
    const lexicon = o.lexicon ? loadLexicon(path.resolve(SHIPPED_LEXICON), recognizer.meta.config.charset) : undefined;
    const wordLm = loadWordLm(path.resolve(o["word-lm-file"] ?? SHIPPED_WORD_LM));
    return tuneWordLm(recognizer, lm, wordLm, { words, lines }, o.grid!, { lexicon, oovMargins: o["oov-margins"]!.split(",").map(Number), beamWidth: o.beam ? Number(o.beam) : undefined });
  }
  const sets = { words: fixedSubset(split.valWords, Number(o.words), 21), lines: fixedSubset(split.valLines, Number(o.lines), 22) };
  if (o.oov) return tuneOovMargin(recognizer, lm, sets.words);
  const results: { setting: string; words: number; lines: number }[] = [];
  const settings: { lmWeight: number; insertionBonus: number }[] = [];
  for (const lmWeight of [0, 0.3, 0.5, 0.8, 1.1]) for (const insertionBonus of lmWeight === 0 ? [0] : [0, 0.5, 1, 1.5]) settings.push({ lmWeight, insertionBonus });
  for (const s of settings) {
    const rates = { words: new ErrorRates(), lines: new ErrorRates() };
    for (const [name, samples] of Object.entries(sets) as [keyof typeof sets, typeof sets.words][]) {
      for (const sample of samples) {
        const r = recognizer.recognize(toInk(sample), { decoder: "beam", lm: s.lmWeight ? lm : undefined, lmWeight: s.lmWeight, insertionBonus: s.insertionBonus });
        rates[name].add(sample.text, r.candidates[0]?.text ?? "");
      }
    }
    results.push({ setting: `lmWeight ${s.lmWeight} insertionBonus ${s.insertionBonus}`, words: rates.words.cer, lines: rates.lines.cer });
    console.log(`${results.at(-1)!.setting}: words CER ${(100 * rates.words.cer).toFixed(2)}%, lines CER ${(100 * rates.lines.cer).toFixed(2)}%`);
  }
  results.sort((a, b) => b.words + b.lines - (a.words + a.lines));
  console.log(`best: ${results.at(-1)!.setting}`);
}

function tuneOovMargin(recognizer: Recognizer, lm: CharNgramLM, words: CompactSample[]) {
  const lexicon = loadLexicon(path.resolve(SHIPPED_LEXICON), recognizer.meta.config.charset);
  const rows = words.map((sample) => {
    const ink = toInk(sample);
    // The free beam scores with the lexicon's LM weight, as the recognizer's fallback does.
    const strict = recognizer.recognize(ink, { decoder: "beam", lm, lexicon, oovMargin: Infinity }).candidates[0];
    const free = recognizer.recognize(ink, { decoder: "beam", lm, lmWeight: DEFAULT_LEXICON_LM_WEIGHT }).candidates[0];
    return { ref: sample.text, strict: strict?.text ?? "", strictScore: strict?.score ?? -Infinity, free: free?.text ?? "", freeScore: free?.score ?? -Infinity };
  });
  for (const margin of [0, 1, 2, 3, 4, 5, 6, 8, 10, 15, Infinity]) {
    const right = rows.filter((r) => (r.freeScore - r.strictScore > margin ? r.free : r.strict) === r.ref).length;
    console.log(`oovMargin ${margin}: word accuracy ${((100 * right) / rows.length).toFixed(2)}% of ${rows.length}`);
  }
}

function tuneWordLm(
  recognizer: Recognizer,
  lm: CharNgramLM,
  wordLm: WordNgramLM,
  sets: { words: CompactSample[]; lines: CompactSample[] },
  grid: string,
  { lexicon, oovMargins, beamWidth }: { lexicon?: Lexicon; oovMargins: number[]; beamWidth?: number },
) {
  console.log(`tuning on ${sets.lines.length} lines and ${sets.words.length} words of the decoder-tuning validation writers`);
  const frames = Object.fromEntries(
    Object.entries(sets).map(([name, samples]) => [name, samples.map((s) => ({ text: s.text, ...recognizer.frameScores(toInk(s)) }))]),
  ) as Record<keyof typeof sets, { text: string; logits: Float32Array; frames: number }[]>;
  const settings: { lmWeight: number; wordLmWeight: number; insertionBonus: number; wordBonus: number; oovMargin: number }[] = [];
  const lmWeights = grid === "full" ? [0.2, 0.3, 0.45, 0.6] : grid.split(";")[0].split(",").map(Number);
  const wordWeights = grid === "full" ? [0, 0.3, 0.6, 0.9, 1.2] : grid.split(";")[1].split(",").map(Number);
  const bonuses = grid === "full" ? [0.5, 1, 1.5, 2] : grid.split(";")[2].split(",").map(Number);
  const wordBonuses = grid === "full" ? [0, 1, 2, 3] : (grid.split(";")[3] ?? "0").split(",").map(Number);
  for (const lmWeight of lmWeights)
    for (const wordLmWeight of wordWeights)
      for (const insertionBonus of bonuses) for (const wordBonus of wordLmWeight ? wordBonuses : [0]) for (const oovMargin of lexicon ? oovMargins : [4]) settings.push({ lmWeight, wordLmWeight, insertionBonus, wordBonus, oovMargin });
  const results: { setting: string; lineCer: number; lineWer: number; wordCer: number }[] = [];
  for (const s of settings) {
    const rates = { words: new ErrorRates(), lines: new ErrorRates() };
    for (const name of ["words", "lines"] as const)
      for (const f of frames[name]) {
        const options = { ...PAGE_DECODING, ...(beamWidth ? { beamWidth } : {}), lm, wordLm: s.wordLmWeight ? wordLm : undefined, lexicon, ...s };
        rates[name].add(f.text, recognizer.decodeFrames(f.logits, f.frames, options).candidates[0]?.text ?? "");
      }
    const r = { setting: `lmWeight ${s.lmWeight} wordLmWeight ${s.wordLmWeight} insertionBonus ${s.insertionBonus} wordBonus ${s.wordBonus}${lexicon ? ` lexicon, oovMargin ${s.oovMargin}` : ""}`, lineCer: rates.lines.cer, lineWer: rates.lines.wer, wordCer: rates.words.cer };
    results.push(r);
    console.log(`${r.setting}: lines CER ${(100 * r.lineCer).toFixed(2)}% WER ${(100 * r.lineWer).toFixed(2)}%, words CER ${(100 * r.wordCer).toFixed(2)}%`);
  }
  // Lines are what the word LM is for; words (a single token each) must not get worse.
  results.sort((a, b) => b.lineCer + b.lineWer / 4 + b.wordCer - (a.lineCer + a.lineWer / 4 + a.wordCer));
  console.log(`best: ${results.at(-1)!.setting}`);
}

main().catch((e) => {
  console.error(`tune-decoder: ${(e as Error).message}`);
  process.exit(1);
});
