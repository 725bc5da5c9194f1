import { parentPort } from "node:worker_threads";
import { adaptToWriter, type AdaptProgress, type BaseModel, type WriterSample } from "../adapt/adapt-to-writer";
import type { AdaptConfig } from "../adapt/adapt-config";
import type { AdaptationRecord } from "../adapt/adaptation-record";

/**
 * One writer's personal adaptation on a worker thread (adapt-writer-thread.ts starts it), so a
 * retrain job adapts to as many writers at once as it has cores. `stop` is a shared flag the job
 * raises on cancel; the adaptation checks it between batches.
 */
export type AdaptWriterRequest = { base: BaseModel; lines: WriterSample[]; replayPool: WriterSample[]; overrides: Partial<AdaptConfig>; stop: SharedArrayBuffer };
export type AdaptWriterResponse = { type: "progress"; progress: AdaptProgress } | { type: "done"; record: AdaptationRecord } | { type: "error"; message: string };

const port = parentPort!;
port.once("message", async (req: AdaptWriterRequest) => {
  const stop = new Int32Array(req.stop);
  try {
    const { record } = await adaptToWriter(req.base, req.lines, req.overrides, { onProgress: (progress) => port.postMessage({ type: "progress", progress } satisfies AdaptWriterResponse), shouldStop: () => Atomics.load(stop, 0) === 1 }, req.replayPool);
    port.postMessage({ type: "done", record } satisfies AdaptWriterResponse);
  } catch (error) {
    port.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) } satisfies AdaptWriterResponse);
  }
});
