import type { AdaptProgress, WriterSample } from "@/lib/adapt/adapt-to-writer";
import type { AdaptationRecord } from "@/lib/adapt/adaptation-record";
import type { FromAdaptationWorker, ToAdaptationWorker } from "./adaptation-protocol";

/** The server's replay set (app/api/models/replay-set). */
export const REPLAY_SET_URL = "/api/models/replay-set";

/**
 * Runs one personal adaptation in its own worker (adaptation.worker.ts) and resolves with the
 * record. cancel() terminates the worker at once (the adaptation is then simply not made).
 */
export class AdaptationRun {
  private readonly worker: Worker;
  readonly done: Promise<{ record: AdaptationRecord; seconds: number; replaySamples: number }>;
  private rejectDone: (e: Error) => void = () => {};

  constructor(modelUrl: string, modelFile: string, samples: WriterSample[], onProgress: (p: AdaptProgress) => void) {
    this.worker = new Worker(new URL("./adaptation.worker.ts", import.meta.url), { type: "module", name: "inkwell-adaptation" });
    this.done = new Promise((resolve, reject) => {
      this.rejectDone = reject;
      this.worker.onmessage = (e: MessageEvent<FromAdaptationWorker>) => {
        const m = e.data;
        if (m.type === "progress") onProgress(m);
        else if (m.type === "done") resolve({ record: m.record, seconds: m.seconds, replaySamples: m.replaySamples });
        else reject(new Error(m.message));
      };
      this.worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(e.message || "the adaptation worker failed to start"));
      };
    });
    this.done.finally(() => this.worker.terminate()).catch(() => {});
    this.worker.postMessage({ type: "adapt", model: { url: modelUrl, file: modelFile }, samples, replayUrl: REPLAY_SET_URL } satisfies ToAdaptationWorker);
  }

  cancel(): void {
    this.worker.terminate();
    this.rejectDone(new Error("cancelled"));
  }
}
