import { mkdirSync, writeFileSync, renameSync, rmSync, existsSync } from "node:fs";
import path from "node:path";
import type { ModelConfig } from "../model/config";
import { encodeModel } from "../model/encode-model";
import { paramSpecs } from "../model/network";

/**
 * Writes a model version directory: model.json + weights.bin (tfjs layers format, float16),
 * config.json and charset.json (so the alphabet and blank index sit next to the weights).
 * Written to a temp dir and renamed, so a crash never leaves a half-written model.
 */
export function exportModel(dir: string, version: string, config: ModelConfig, params: Float32Array, info: Record<string, unknown> = {}, float16 = true): string {
  const weights = new Map(paramSpecs(config).map((s) => [s.name, params.slice(s.offset, s.offset + s.size)]));
  const { modelJson, weightData } = encodeModel(weights, { version, config, createdAt: new Date().toISOString(), info }, { float16 });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(path.join(tmp, "model.json"), JSON.stringify(modelJson));
  writeFileSync(path.join(tmp, "weights.bin"), weightData);
  writeFileSync(path.join(tmp, "config.json"), JSON.stringify(config, null, 2));
  writeFileSync(path.join(tmp, "charset.json"), JSON.stringify(config.charset, null, 2));
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(tmp, dir);
  return dir;
}
