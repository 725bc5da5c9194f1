import type { Ink } from "../ink/types";
import { readModelDir } from "../model/load-node";
import { loadRecognizer, type Recognizer } from "../model/recognizer";
import { editDistance } from "../training/metrics";
import type { LocatedModel } from "../models/active-model";

export interface Transcription {
  text: string;
  /** Character error rate of the transcription against the label (edits ÷ label length). */
  cer: number;
}

/**
 * The active model's reading of samples, so the review queue can show it beside each label and
 * mislabelled samples stand out. Loads the model once per version and remembers results per
 * (version, sample, label); greedy decoding, like the versions' metrics.
 */
export class Transcriber {
  private loaded: { version: string; recognizer: Promise<Recognizer> } | null = null;
  private readonly cache = new Map<string, Transcription>();

  constructor(private readonly maxCached = 20_000) {}

  private recognizer(model: LocatedModel): Promise<Recognizer> {
    if (this.loaded?.version !== model.version) {
      const recognizer = loadRecognizer(readModelDir(model.dir));
      this.loaded = { version: model.version, recognizer };
      recognizer.catch(() => {
        if (this.loaded?.recognizer === recognizer) this.loaded = null;
      });
    }
    return this.loaded.recognizer;
  }

  async transcribe(model: LocatedModel, sample: { id: string; label: string; ink: Ink }): Promise<Transcription> {
    const key = `${model.version}\u0000${sample.id}\u0000${sample.label}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const recognizer = await this.recognizer(model);
    const text = sample.ink.strokes.length ? (recognizer.recognize(sample.ink, { decoder: "greedy" }).candidates[0]?.text ?? "") : "";
    const label = [...sample.label];
    const result = { text, cer: label.length ? editDistance(label, [...text]) / label.length : text.length ? 1 : 0 };
    if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, result);
    return result;
  }
}
