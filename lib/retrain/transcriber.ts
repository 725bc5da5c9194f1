import type { Ink } from "../ink/types";
import { editDistance } from "../training/metrics";
import type { LocatedModel } from "../models/active-model";
import { InkReaderThread } from "./ink-reader-thread";

export interface Transcription {
  text: string;
  /** Character error rate of the transcription against the label (edits ÷ label length). */
  cer: number;
}

/** What reads an ink with a model's weights: the reading thread, in the app. */
export type InkReader = Pick<InkReaderThread, "read">;

/**
 * The active model's reading of samples, so the review queue can show it beside each label and
 * mislabelled samples stand out. Readings run on a worker thread, never on the server's main
 * thread, once per (version, sample, label): the result is remembered, and a reading already
 * under way is shared by every request that asks for it. Greedy decoding, like the versions'
 * metrics.
 */
export class Transcriber {
  private readonly cache = new Map<string, Transcription>();
  private readonly underway = new Map<string, Promise<Transcription>>();

  constructor(
    private readonly reader: InkReader = new InkReaderThread(),
    private readonly maxCached = 20_000,
  ) {}

  transcribe(model: LocatedModel, sample: { id: string; label: string; ink: Ink }): Promise<Transcription> {
    const key = `${model.version}\u0000${sample.id}\u0000${sample.label}`;
    const hit = this.cache.get(key);
    if (hit) return Promise.resolve(hit);
    const running = this.underway.get(key);
    if (running) return running;
    const reading = this.reader
      .read(model.dir, sample.ink)
      .then((text) => {
        const label = [...sample.label];
        const result = { text, cer: label.length ? editDistance(label, [...text]) / label.length : text.length ? 1 : 0 };
        if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(key, result);
        return result;
      })
      .finally(() => this.underway.delete(key));
    this.underway.set(key, reading);
    return reading;
  }
}
