import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ModelConfig } from "./config";
import { decodeModel } from "./format";
import type { ThreadSpawner } from "./kernels/kernel-thread";
import { weightsToParams } from "./param-block";
import { PAGE_PRECISION } from "./page-decoding";
import { MODEL_FILES } from "./recognizer";

/** Reads a model directory (model.json + weight files) from disk, for Node scripts and the server. */
export function readModelDir(dir: string, modelFile = "model.json"): { modelJson: unknown; weightData: Uint8Array } {
  const file = path.join(dir, modelFile);
  if (!existsSync(file)) throw new Error(`no ${modelFile} in ${dir}`);
  let modelJson: { weightsManifest?: { paths: string[] }[] };
  try {
    modelJson = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const parts = (modelJson.weightsManifest ?? []).flatMap((g) => g.paths).map((p) => readFileSync(path.join(dir, p)));
  return { modelJson, weightData: new Uint8Array(Buffer.concat(parts)) };
}

/** A model directory's config and its parameters in one block, laid out in paramSpecs order (what train() takes). */
export function readModelParams(dir: string): { config: ModelConfig; params: Float32Array; version: string } {
  const { modelJson, weightData } = readModelDir(dir);
  const { meta, weights } = decodeModel(modelJson, weightData);
  return { config: meta.config, params: weightsToParams(meta.config, weights), version: meta.version };
}

/**
 * The parameters exactly as the Write page loads them: from the version's file for PAGE_PRECISION
 * (model.int8.json, dequantised) when it has one, else model.json. Personal adaptations are bound
 * to these bits (lib/adapt/base-fingerprint.ts), so whatever makes one for a page starts here.
 */
export function readPageModelParams(dir: string): { config: ModelConfig; params: Float32Array; version: string; file: string } {
  const preferred = MODEL_FILES[PAGE_PRECISION];
  const file = existsSync(path.join(dir, preferred)) ? preferred : MODEL_FILES.float;
  const { modelJson, weightData } = readModelDir(dir, file);
  const { meta, weights } = decodeModel(modelJson, weightData);
  return { config: meta.config, params: weightsToParams(meta.config, weights), version: meta.version, file };
}

/** Starts the recognizer's kernel thread with worker_threads: `loadRecognizer(src, { spawnThread: nodeThreadSpawner })`. */
export const nodeThreadSpawner: ThreadSpawner = (source) => {
  const worker = new Worker(source, { eval: true });
  // The helper must not keep the process alive. unref() covers the worker's message port too,
  // but adding a "message" listener refs the port again, so unref after listening.
  worker.unref();
  return {
    postMessage: (message) => worker.postMessage(message),
    listen: (onMessage, onError) => {
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.unref();
    },
    terminate: () => void worker.terminate(),
  };
};
