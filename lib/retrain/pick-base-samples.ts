import { fixedSubset } from "../training/unipen";

/** A base sample of several words (a written line), as against a single word. */
export const isLineSample = (s: { text: string }): boolean => /\s/.test(s.text.trim());

/**
 * The base samples a retrain mixes in: `count` of the pool, a fixed subset for a seed. With a
 * `lineShare`, that share of them are lines and the rest words (as far as the pool has them),
 * instead of the pool's own mix. Contributed samples are mostly single words, so a mix with the
 * pool's ~12% lines shifts the model toward words; the base validation set is half lines.
 */
export function pickBaseSamples<T extends { text: string }>(pool: T[], count: number, lineShare: number | undefined, seed: number): T[] {
  if (lineShare === undefined) return fixedSubset(pool, count, seed);
  if (!(lineShare >= 0 && lineShare <= 1)) throw new Error(`line share must be in [0, 1], got ${lineShare}`);
  const lines = pool.filter(isLineSample);
  const words = pool.filter((s) => !isLineSample(s));
  const wantLines = Math.min(lines.length, Math.round(count * lineShare));
  const wantWords = Math.min(words.length, count - wantLines);
  // Whatever one kind lacks, the other makes up, so the count holds while the pool allows.
  const extraLines = Math.min(lines.length - wantLines, count - wantLines - wantWords);
  return [...fixedSubset(words, wantWords, seed), ...fixedSubset(lines, wantLines + extraLines, seed + 1)];
}
