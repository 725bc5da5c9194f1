import { Worker } from "node:worker_threads";
import type { AdaptConfig } from "../adapt/adapt-config";
import type { AdaptProgress, BaseModel, WriterSample } from "../adapt/adapt-to-writer";
import type { AdaptationRecord } from "../adapt/adaptation-record";
import { bundleWorker } from "../node/bundle-worker";
import type { AdaptWriterRequest, AdaptWriterResponse } from "./adapt-writer-worker";

/**
 * adaptToWriter on a worker thread of its own (adapt-writer-worker.ts): the same function, the
 * same result, off the job's main thread, so several writers adapt at once. `shouldStop` is polled
 * here and passed on through a shared flag; the thread ends with the adaptation.
 */
export function adaptWriterOnThread(
  base: BaseModel,
  lines: readonly WriterSample[],
  overrides: Partial<AdaptConfig>,
  hooks: { onProgress?: (p: AdaptProgress) => void; shouldStop?: () => boolean },
  replayPool: readonly WriterSample[],
): Promise<AdaptationRecord> {
  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const worker = new Worker(bundleWorker("lib/retrain/adapt-writer-worker.ts"));
  const poll = setInterval(() => {
    if (hooks.shouldStop?.()) Atomics.store(flag, 0, 1);
  }, 200);
  return new Promise<AdaptationRecord>((resolve, reject) => {
    worker.on("message", (m: AdaptWriterResponse) => {
      if (m.type === "progress") hooks.onProgress?.(m.progress);
      else if (m.type === "done") resolve(m.record);
      else reject(new Error(m.message));
    });
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`the adaptation thread exited (code ${code}) before it finished`)));
    worker.postMessage({ base, lines: [...lines], replayPool: [...replayPool], overrides, stop } satisfies AdaptWriterRequest);
  }).finally(() => {
    clearInterval(poll);
    void worker.terminate();
  });
}
