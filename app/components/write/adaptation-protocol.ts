import type { AdaptProgress, WriterSample } from "@/lib/adapt/adapt-to-writer";
import type { AdaptConfig } from "@/lib/adapt/adapt-config";
import type { AdaptationRecord } from "@/lib/adapt/adaptation-record";

/** Messages between the page and its adaptation worker (adaptation.worker.ts). */
export type ToAdaptationWorker = {
  type: "adapt";
  /** The base model: a model directory URL (read through Cache Storage), or its files. */
  /** A model directory and the model file in it that the recognizer loaded (its base weights), or the files themselves. */
  model: { url: string; file?: string } | { modelJson: unknown; weightData: Uint8Array };
  samples: WriterSample[];
  /** Where the replay set is served (lib/adapt/replay-set.ts); unreadable → adapt without it. */
  replayUrl?: string;
  config?: Partial<AdaptConfig>;
};

export type FromAdaptationWorker =
  | ({ type: "progress" } & AdaptProgress)
  | { type: "done"; record: AdaptationRecord; seconds: number; replaySamples: number }
  | { type: "error"; message: string };
