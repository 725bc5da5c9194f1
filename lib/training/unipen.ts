import { existsSync } from "node:fs";
import path from "node:path";
import { mulberry32 } from "../random/mulberry32";
import { shuffleInPlace } from "./shuffle";
import { joinWordsIntoLine } from "../ink/join-words";
import { type CompactSample, loadJsonlDataset, isValidationWriter, untokenizeLabel, toInk, compactFromInk } from "./dataset";

/** UNIPEN text contributors whose segments are mostly stacked multi-line blocks (see the data README). */
const MULTILINE_CONTRIBUTORS = new Set(["apb", "apc", "apd", "ape", "att"]);
/** Longer text segments are paragraphs, not lines; they would dominate batches. */
export const MAX_LINE_CHARS = 120;

export const DEFAULT_DATA_DIR = path.resolve(process.cwd(), "..", "shared", "data");

/** The category (7 words, 8 text) and contributor code from an id like "unipen8/hpp/...". */
export function unipenSource(id: string): { category: string; contributor: string } {
  const [cat = "", contributor = ""] = id.split("/");
  return { category: cat.replace("unipen", ""), contributor };
}

/** Whether a record is UNIPEN free text from a contributor whose segments are mostly stacked multi-line blocks. */
export function isMultiLineContributor(id: string): boolean {
  const { category, contributor } = unipenSource(id);
  return category === "8" && MULTILINE_CONTRIBUTORS.has(contributor);
}

/** Keeps single-line text segments with untokenised labels; words pass unchanged. */
export function unipenFilter(rec: { id: string; text: string }): string | null {
  if (unipenSource(rec.id).category !== "8") return rec.text;
  if (isMultiLineContributor(rec.id)) return null;
  const text = untokenizeLabel(rec.text);
  return text.length <= MAX_LINE_CHARS ? text : null;
}

export interface SplitData {
  trainWords: CompactSample[];
  trainLines: CompactSample[];
  valWords: CompactSample[];
  valLines: CompactSample[];
  skipped: { file: string; line: number; reason: string }[];
}

/** Loads dataset files and splits them writer-disjointly (README rule: crc32(writer) % 10 == 0 → validation). */
export async function loadSplit(files: string[], log: (s: string) => void = () => {}): Promise<SplitData> {
  const out: SplitData = { trainWords: [], trainLines: [], valWords: [], valLines: [], skipped: [] };
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`dataset file not found: ${file}`);
    const t0 = Date.now();
    const { samples, report } = await loadJsonlDataset(file, unipenFilter);
    report.skipped.forEach((s) => out.skipped.push({ file, ...s }));
    for (const s of samples) {
      const isLine = s.text.includes(" ") || unipenSource(s.id).category === "8";
      const val = isValidationWriter(s.writer);
      (val ? (isLine ? out.valLines : out.valWords) : isLine ? out.trainLines : out.trainWords).push(s);
    }
    log(`loaded ${samples.length} samples from ${path.basename(file)} in ${((Date.now() - t0) / 1000).toFixed(1)}s (${report.skipped.length} bad records)`);
  }
  return out;
}

/** Synthetic validation lines from validation words of one writer each, fixed by the seed. */
export function syntheticLines(words: CompactSample[], count: number, seed: number): CompactSample[] {
  const rand = mulberry32(seed);
  const byWriter = new Map<string, CompactSample[]>();
  for (const w of words) byWriter.set(w.writer, [...(byWriter.get(w.writer) ?? []), w]);
  const writers = [...byWriter.values()].filter((l) => l.length >= 3);
  const lines: CompactSample[] = [];
  for (let i = 0; i < count && writers.length; i++) {
    const pool = writers[Math.floor(rand() * writers.length)];
    const picked = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => pool[Math.floor(rand() * pool.length)]);
    const ink = joinWordsIntoLine(picked.map(toInk), rand);
    lines.push(compactFromInk(`synthetic/${i}`, picked.map((p) => p.text).join(" "), pool[0].writer, ink));
  }
  return lines;
}

/** A fixed, seeded subset (validation during training must not change from one evaluation to the next). */
export function fixedSubset<T>(items: T[], n: number, seed: number): T[] {
  if (items.length <= n) return items;
  const rand = mulberry32(seed);
  const idx = shuffleInPlace([...items.keys()], rand);
  return idx.slice(0, n).sort((a, b) => a - b).map((i) => items[i]);
}
