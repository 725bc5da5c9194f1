/// <reference lib="webworker" />
/**
 * Personal adaptation in the background: the page hands over the writer's own samples (kept
 * on the device, see personal-store.ts), this worker adapts the base model to them with the
 * same WebAssembly training kernels lib/training uses in Node, and answers with the
 * adaptation record. A worker of its own, so recognition (another worker) and the pen (the
 * page) never wait for it; the page terminates it to cancel.
 */
import { adaptToWriter } from "@/lib/adapt/adapt-to-writer";
import { parseReplaySet } from "@/lib/adapt/replay-set";
import { decodeModel } from "@/lib/model/format";
import { weightsToParams } from "@/lib/model/param-block";
import type { FromAdaptationWorker, ToAdaptationWorker } from "./adaptation-protocol";
import { loadModelFiles } from "./model-cache";

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromAdaptationWorker) => self.postMessage(message);

/**
 * The replay set, or none: without it adapting still works, it only guards less against
 * forgetting the letters the writer's samples never show (so a failed fetch is not an error).
 */
async function readReplaySet(url: string) {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return parseReplaySet(await response.text());
  } catch (e) {
    console.warn(`adapting without the replay set (${url}): ${(e as Error).message}`);
    return [];
  }
}

self.onmessage = async (event: MessageEvent<ToAdaptationWorker>) => {
  const message = event.data;
  if (message.type !== "adapt") return;
  const started = performance.now();
  try {
    const files = "url" in message.model ? await loadModelFiles(message.model.url, () => {}, message.model.file) : message.model;
    const { meta, weights } = decodeModel(files.modelJson, files.weightData);
    const replay = message.replayUrl ? await readReplaySet(message.replayUrl) : [];
    const { record } = await adaptToWriter(
      { version: meta.version, config: meta.config, params: weightsToParams(meta.config, weights) },
      message.samples,
      message.config,
      { onProgress: (p) => post({ type: "progress", ...p }) },
      replay,
    );
    post({ type: "done", record, seconds: (performance.now() - started) / 1000, replaySamples: replay.length });
  } catch (e) {
    post({ type: "error", message: (e as Error).message || String(e) });
  }
};
