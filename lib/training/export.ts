import { mkdirSync, writeFileSync, renameSync, rmSync, existsSync } from "node:fs";
import path from "node:path";
import type { ModelConfig } from "../model/config";
import { encodeModel, encodeModelInt8 } from "../model/encode-model";
import { paramSpecs } from "../model/network";
import type { Ink } from "../ink/types";
import { int8DriftProblem, measureInt8Drift } from "../model/int8-drift";
import { quantizationRecord, type Int8Drift } from "../model/quantize";

/**
 * Writes a model version directory: model.json + weights.bin (tfjs layers format, float16),
 * config.json and charset.json (so the alphabet and blank index sit next to the weights).
 * Written to a temp dir and renamed, so a crash never leaves a half-written model.
 */
export function exportModel(dir: string, version: string, config: ModelConfig, params: Float32Array, info: Record<string, unknown> = {}, float16 = true): string {
  return writeModelDir(dir, modelFiles(version, config, params, info, float16));
}

/** exportModelWithInt8 refused the int8 form: its logits drift beyond INT8_DRIFT_TOLERANCE. */
export class Int8DriftError extends Error {
  constructor(
    message: string,
    readonly drift: Int8Drift,
  ) {
    super(message);
    this.name = "Int8DriftError";
  }
}

/**
 * exportModel plus the int8 form beside it: model.int8.json + weights.int8.bin (per-output-channel
 * int8 kernels, lib/model/quantize.ts) and quantization.json (the scheme, the architecture and
 * charset it was made for, and the drift measured here). The int8 logits are compared with the
 * float ones on `driftInks` first; beyond INT8_DRIFT_TOLERANCE nothing is written and this throws.
 */
export async function exportModelWithInt8(
  dir: string,
  version: string,
  config: ModelConfig,
  params: Float32Array,
  info: Record<string, unknown>,
  opts: { float16?: boolean; driftInks: readonly Ink[] },
): Promise<{ dir: string; drift: Awaited<ReturnType<typeof measureInt8Drift>>; floatBytes: number; int8Bytes: number }> {
  const weights = toWeights(config, params);
  const drift = await measureInt8Drift(config, weights, opts.driftInks);
  const problem = int8DriftProblem(drift);
  if (problem) throw new Int8DriftError(`the int8 form drifts too far from the float one on ${drift.samples} inks (${problem}): not exported`, drift);
  const files = modelFiles(version, config, params, info, opts.float16 ?? true);
  const int8 = encodeModelInt8(weights, { version, config, createdAt: new Date().toISOString(), info }, { drift });
  files["model.int8.json"] = JSON.stringify(int8.modelJson);
  files["weights.int8.bin"] = int8.weightData;
  files["quantization.json"] = JSON.stringify(quantizationRecord(config, drift), null, 2);
  writeModelDir(dir, files);
  return { dir, drift, floatBytes: (files["weights.bin"] as Uint8Array).byteLength, int8Bytes: int8.weightData.byteLength };
}

function toWeights(config: ModelConfig, params: Float32Array): Map<string, Float32Array> {
  return new Map(paramSpecs(config).map((s) => [s.name, params.slice(s.offset, s.offset + s.size)]));
}

function modelFiles(version: string, config: ModelConfig, params: Float32Array, info: Record<string, unknown>, float16: boolean): Record<string, string | Uint8Array> {
  const { modelJson, weightData } = encodeModel(toWeights(config, params), { version, config, createdAt: new Date().toISOString(), info }, { float16 });
  return {
    "model.json": JSON.stringify(modelJson),
    "weights.bin": weightData,
    "config.json": JSON.stringify(config, null, 2),
    "charset.json": JSON.stringify(config.charset, null, 2),
  };
}

function writeModelDir(dir: string, files: Record<string, string | Uint8Array>): string {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(tmp, name), data);
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(tmp, dir);
  return dir;
}
