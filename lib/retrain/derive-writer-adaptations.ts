import { adaptToWriter, type AdaptProgress, type BaseModel, type WriterSample } from "../adapt/adapt-to-writer";
import type { AdaptConfig } from "../adapt/adapt-config";
import type { AdaptationRecord } from "../adapt/adaptation-record";
import { PERSONALIZE_MAX_SAMPLES, PERSONALIZE_MIN_SAMPLES } from "../adapt/personal-sample";
import type { Ink } from "../ink/types";
import { splitLabelledLines } from "../ink/lines/split-labelled-lines";
import { WriterIdSchema } from "../samples/sample-submission-schema";

export interface ContributedSample {
  id: string;
  text: string;
  writer: string;
  ink: Ink;
}

/** One writer's lines, as the personal adaptation learns from them. */
export interface WriterLines {
  writer: string;
  lines: WriterSample[];
}

/**
 * The contributing writers whose samples are enough for a personal adaptation: at least
 * `minSamples` single lines (a note counts as its lines when they can be told apart, as on the
 * device), at most the first `maxSamples` of them in the samples' order. Writers in id order.
 * Only ids a page can ask for (WriterIdSchema): imported samples' writer names ("lex/ehrls1")
 * belong to no device.
 */
export function writersToAdapt(samples: readonly ContributedSample[], minSamples = PERSONALIZE_MIN_SAMPLES, maxSamples = PERSONALIZE_MAX_SAMPLES): WriterLines[] {
  const byWriter = new Map<string, WriterSample[]>();
  for (const s of samples) {
    if (!WriterIdSchema.safeParse(s.writer).success) continue;
    const split = splitLabelledLines(s.ink, s.text);
    if (!split.ok) continue;
    const lines = byWriter.get(s.writer) ?? [];
    lines.push(...split.lines);
    byWriter.set(s.writer, lines);
  }
  return [...byWriter]
    .filter(([, lines]) => lines.length >= minSamples)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([writer, lines]) => ({ writer, lines: lines.slice(0, maxSamples) }));
}

/**
 * The server's settings for the device's recipe: the same training, but no one waits on a page,
 * so the time cap is only a guard against a stuck run and every writer gets all its epochs.
 */
export const SERVER_ADAPT_OVERRIDES: Partial<AdaptConfig> = { maxSeconds: 600 };

/** Adapts the base to one writer: adaptToWriter itself, or the same on a worker thread (adapt-writer-thread.ts). */
export type WriterAdapter = (
  base: BaseModel,
  lines: readonly WriterSample[],
  overrides: Partial<AdaptConfig>,
  hooks: { onProgress?: (p: AdaptProgress) => void; shouldStop?: () => boolean },
  replayPool: readonly WriterSample[],
) => Promise<AdaptationRecord>;

export const adaptInProcess: WriterAdapter = async (base, lines, overrides, hooks, replayPool) => (await adaptToWriter(base, lines, overrides, hooks, replayPool)).record;

/**
 * A retrain's second product: each contributing writer's personal adaptation, made on the new
 * version's weights with the device's recipe (lib/adapt), so a writer whose samples the admin
 * approved reads better on any device, and nobody else's recognizer changes. The record leaves
 * out the writer's vocabulary (it is served by writer id; the page's decoding does not use it).
 *
 * `concurrency` writers at a time (one per core, with `adapt` on threads); `onRecord` stores each
 * as it is made, so a crash loses the writers in progress at most, and `skip` lets a resumed job
 * pass over the writers it has stored already. Each writer's result does not depend on the others.
 */
export async function deriveWriterAdaptations(
  base: BaseModel,
  writers: readonly WriterLines[],
  replayPool: readonly WriterSample[],
  hooks: {
    skip?: (writer: string) => boolean;
    /** `done` of `count` writers finished (stored or skipped), `running` in progress with their fraction. */
    onProgress?: (done: number, count: number, running: number[]) => void;
    onRecord: (writer: string, record: AdaptationRecord) => void;
    shouldStop?: () => boolean;
  },
  options: { overrides?: Partial<AdaptConfig>; concurrency?: number; adapt?: WriterAdapter } = {},
): Promise<{ made: string[]; skipped: string[] }> {
  const { overrides = SERVER_ADAPT_OVERRIDES, concurrency = 1, adapt = adaptInProcess } = options;
  const made: string[] = [];
  const skipped: string[] = [];
  const running = new Map<string, number>();
  const report = () => hooks.onProgress?.(made.length + skipped.length, writers.length, [...running.values()]);
  let next = 0;
  const lane = async () => {
    while (next < writers.length && !hooks.shouldStop?.()) {
      const { writer, lines } = writers[next++];
      if (hooks.skip?.(writer)) {
        skipped.push(writer);
        report();
        continue;
      }
      running.set(writer, 0);
      report();
      const record = await adapt(base, lines, overrides, { onProgress: (p) => (running.set(writer, p.fraction), report()), shouldStop: hooks.shouldStop }, replayPool);
      running.delete(writer);
      if (hooks.shouldStop?.()) return;
      hooks.onRecord(writer, { ...record, vocabulary: [], origin: "server" });
      made.push(writer);
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, writers.length)) }, lane));
  return { made, skipped };
}
