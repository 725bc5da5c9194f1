import { readDatasetJsonl } from "../ink/formats/dataset-jsonl-read";
import type { WriterSample } from "./adapt-to-writer";

/**
 * The replay set: words of the base model's own training writers that personal adaptation mixes
 * into every epoch (AdaptConfig.replayRatio), so the letters a writer's 50 samples never show
 * keep what the base model knew. Without it, CTC pushes down every letter the writer did not
 * write ("very" → "roy" for a writer whose samples had no v or y).
 *
 * The server picks it from the training data it has (replay-set-source.ts, Node) and serves it
 * as dataset JSONL (GET /api/models/replay-set); the page's adaptation worker reads it, and so does
 * `npm run bench-adapt`, so the benchmark measures the set the page uses.
 */
export const REPLAY_SET = {
  /** Words in the set: 25 a epoch over 18 epochs draws each about 1.5 times. */
  size: 300,
  /** Longest word kept: replay should cost about what the writer's own words cost. */
  maxChars: 12,
} as const;

/** A record the replay set may hold: one word (no space), short, not from a validation writer. */
export function isReplayCandidate(record: { text: string }, isValidationWriterRecord: boolean): boolean {
  const text = record.text.trim();
  return !isValidationWriterRecord && text.length > 0 && Array.from(text).length <= REPLAY_SET.maxChars && !/\s/.test(text);
}

/** The served replay set (dataset JSONL) as samples to train on; a bad line throws, naming it. */
export function parseReplaySet(jsonl: string): WriterSample[] {
  const results = readDatasetJsonl(jsonl);
  const bad = results.find((r) => !r.ok);
  if (bad && !bad.ok) throw new Error(`replay set line ${bad.line}: ${bad.error}`);
  return results.flatMap((r) => (r.ok ? [{ ink: r.sample.ink, text: r.sample.text }] : []));
}

/**
 * How much each replayed word is worth to one writer's adaptation: the mean over its letters of
 * 1/√(1 + that letter's count in the writer's own texts). A word of letters the writer never
 * wrote weighs 1; one of the letters they wrote most weighs least. Drawing replay in proportion
 * (AdaptConfig.replayDraw "coverage") spends it on the letters that CTC would otherwise push down.
 */
export function replayCoverageWeights(replayTexts: readonly string[], ownTexts: readonly string[]): number[] {
  const counts = new Map<string, number>();
  for (const t of ownTexts) for (const ch of t) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return replayTexts.map((t) => {
    const chars = [...t];
    return chars.length ? chars.reduce((sum, ch) => sum + 1 / Math.sqrt(1 + (counts.get(ch) ?? 0)), 0) / chars.length : 0;
  });
}
