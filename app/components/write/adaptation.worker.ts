/// <reference lib="webworker" />
/**
 * Personal adaptation in the background: the page hands over the writer's own samples (kept
 * on the device, see personal-store.ts), this worker adapts the base model to them with the
 * same WebAssembly training kernels lib/training uses in Node, and answers with the
 * adaptation record. A worker of its own, so recognition (another worker) and the pen (the
 * page) never wait for it; the page terminates it to cancel.
 */
import { adaptToWriter } from "@/lib/adapt/adapt-to-writer";
import { decodeModel } from "@/lib/model/format";
import { weightsToParams } from "@/lib/model/param-block";
import type { FromAdaptationWorker, ToAdaptationWorker } from "./adaptation-protocol";
import { loadModelFiles } from "./model-cache";

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromAdaptationWorker) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<ToAdaptationWorker>) => {
  const message = event.data;
  if (message.type !== "adapt") return;
  const started = performance.now();
  try {
    const files = "url" in message.model ? await loadModelFiles(message.model.url, () => {}, message.model.file) : message.model;
    const { meta, weights } = decodeModel(files.modelJson, files.weightData);
    const { record } = await adaptToWriter(
      { version: meta.version, config: meta.config, params: weightsToParams(meta.config, weights) },
      message.samples,
      message.config,
      { onProgress: (p) => post({ type: "progress", ...p }) },
    );
    post({ type: "done", record, seconds: (performance.now() - started) / 1000 });
  } catch (e) {
    post({ type: "error", message: (e as Error).message || String(e) });
  }
};
