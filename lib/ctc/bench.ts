/**
 * Micro-benchmark of the CTC module (not a test): npx tsx lib/ctc/bench.ts
 * Synthetic but realistic score matrices: each character of a text held for a few frames with a
 * peaked, noisy distribution, blanks in between, over the 96-class printable-ASCII charset.
 */
import { join } from "node:path";
import { encode, makeCharset } from "./charset";
import { ctcBatchLossAndGrad } from "./ctc-batch-loss";
import { greedyDecode } from "./greedy-decode";
import { prefixBeamSearch } from "./prefix-beam-search";
import { mulberry32 } from "../random/mulberry32";
import { loadCharLm, loadLexicon, loadWordLm, SHIPPED_CHAR_LM, SHIPPED_LEXICON, SHIPPED_WORD_LM } from "./shipped-language-models-node";
// Not product code: the bench measures the Write page's own decoding settings.
import { PAGE_DECODING, PAGE_PRECISION } from "../../app/components/write/recognition-settings";
import { loadFixtureInks } from "../ink/fixtures";
import { decodeLogits, loadRecognizer, MODEL_FILES } from "../model/recognizer";
import { readModelDir } from "../model/load-node";
import { modelStore, shippedDefaultModel } from "../models/active-model";
import { existsSync } from "node:fs";

const cs = makeCharset(Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(""));
const C = cs.chars.length;
const rand = mulberry32(42);

function framesFor(text: string, T: number): Float32Array {
  const labels = encode(cs, text);
  const out = new Float32Array(T * C);
  for (let t = 0; t < T; t++) {
    const pos = (t / T) * labels.length;
    const i = Math.floor(pos);
    const onChar = pos - i < 0.45; // each character's frames, then blanks
    const target = onChar ? labels[i] : cs.blank;
    for (let k = 0; k < C; k++) out[t * C + k] = rand() * 3;
    out[t * C + target] += 8;
    if (onChar) out[t * C + 1 + Math.floor(rand() * (C - 1))] += 5; // a plausible confusion
  }
  return out;
}

function time(label: string, reps: number, fn: () => unknown): number {
  for (let i = 0; i < 3; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  const ms = (performance.now() - t0) / reps;
  console.log(`${label.padEnd(44)} ${ms.toFixed(3)} ms`);
  return ms;
}

// The shipped files, through the loaders every Node tool uses (shipped-language-models-node.ts).
const lm = loadCharLm(join(__dirname, "..", "..", SHIPPED_CHAR_LM));
const lexT0 = performance.now();
const lexicon = loadLexicon(join(__dirname, "..", "..", SHIPPED_LEXICON), cs);
console.log(`lexicon build (${lexicon.wordCount} words)`.padEnd(44), (performance.now() - lexT0).toFixed(1), "ms");

const word = framesFor("hello", 150);
const line = framesFor("the quick brown fox jumps over the lazy dog", 1000);
time("greedy, word 150×96", 200, () => greedyDecode(word, 150, C, cs));
time("beam 16, word 150×96", 50, () => prefixBeamSearch(word, 150, C, cs));
time("beam 16 + LM, word", 50, () => prefixBeamSearch(word, 150, C, cs, { lm }));
time("beam 16 + LM + lexicon, word", 50, () => prefixBeamSearch(word, 150, C, cs, { lm, lexicon }));
time("beam 16, line 1000×96", 10, () => prefixBeamSearch(line, 1000, C, cs));
time("beam 16 + LM + lexicon, line", 10, () => prefixBeamSearch(line, 1000, C, cs, { lm, lexicon }));
const B = 32;
const Tmax = 150;
const batch = new Float32Array(B * Tmax * C);
for (let b = 0; b < B; b++) batch.set(framesFor("hello", Tmax), b * Tmax * C);
const labels = Array.from({ length: B }, () => encode(cs, "hello"));
const lengths = new Int32Array(B).fill(Tmax);
time(`ctc loss+grad, batch ${B}×${Tmax}×${C}`, 10, () => ctcBatchLossAndGrad(batch, B, Tmax, C, lengths, labels, cs.blank));
// The Write page's decoding (PAGE_DECODING: beam held to the lexicon with its unconstrained
// second beam, both LMs, weights; decodeLogits is recognize()'s decoder half) on a 40-character
// line at the real model's ~10.5 frames per character (UNIPEN sample lines).
const wordLm = loadWordLm(join(__dirname, "..", "..", SHIPPED_WORD_LM));
const line40Text = "Please call me at home after six o'clock";
const line40T = Math.round(line40Text.length * 10.5);
const line40 = framesFor(line40Text, line40T);
const pageOptions = { ...PAGE_DECODING, lm, wordLm, lexicon };
const pageLineMs = time(`page decoding, 40-char line ${line40T}×${C}`, 20, () => decodeLogits(line40, line40T, cs, pageOptions));
const charOnlyMs = time(`  same without the word LM`, 20, () => decodeLogits(line40, line40T, cs, { ...pageOptions, wordLm: undefined }));
const withoutLexiconMs = time(`  same without the lexicon`, 20, () => decodeLogits(line40, line40T, cs, { ...pageOptions, lexicon: undefined }));
const withLexiconMs = pageLineMs; // the page has the lexicon now; its key stays in the JSON line
console.log("top (page decoding, 40-char line):", decodeLogits(line40, line40T, cs, pageOptions).candidates[0].text);
console.log("top (beam+LM+lexicon, line):", prefixBeamSearch(line, 1000, C, cs, { lm, lexicon }).candidates[0].text);
// The same on real logits: the shipped model's output for the recorded fixture lines of 28+
// characters, decoded as the page does (decodeFrames = recognize's decoder half), in ms per 40 characters.
const root = join(__dirname, "..", "..");
const shipped = shippedDefaultModel(modelStore(root));
void (async () => {
  let realLine40Ms: number | null = null;
  if (shipped) {
    const file = existsSync(join(shipped.dir, MODEL_FILES[PAGE_PRECISION])) ? MODEL_FILES[PAGE_PRECISION] : MODEL_FILES.float;
    const recognizer = await loadRecognizer(readModelDir(shipped.dir, file), { precision: PAGE_PRECISION });
    const realLines = loadFixtureInks().filter((f) => f.text.includes(" ") && f.text.length >= 28);
    const inputs = realLines.map((f) => ({ text: f.text, ...recognizer.frameScores(f.ink) }));
    const perLine = inputs.map((x) => {
      const ms = time(`page decoding, real line ${JSON.stringify(x.text)} (${x.frames} frames)`, 10, () => recognizer.decodeFrames(x.logits, x.frames, { ...PAGE_DECODING, lm, wordLm, lexicon }));
      return (ms * 40) / x.text.length;
    });
    realLine40Ms = perLine.reduce((a, b) => a + b, 0) / perLine.length;
    console.log(`page decoding, real lines, per 40 characters`.padEnd(44), realLine40Ms.toFixed(3), "ms");
    recognizer.dispose();
  }
  console.log(JSON.stringify({ page_line40_ms: Math.round(pageLineMs * 100) / 100, page_line40_without_word_lm_ms: Math.round(charOnlyMs * 100) / 100, page_line40_with_lexicon_ms: Math.round(withLexiconMs * 100) / 100, page_line40_without_lexicon_ms: Math.round(withoutLexiconMs * 100) / 100, page_line40_frames: line40T, page_real_line40_ms: realLine40Ms === null ? null : Math.round(realLine40Ms * 100) / 100 }));
})();
