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
