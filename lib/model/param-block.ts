import type { ModelConfig } from "./config";
import { paramSpecs } from "./network";

/** Named weights → one flat block in paramSpecs order (what training and adaptation work on). */
export function weightsToParams(config: ModelConfig, weights: ReadonlyMap<string, Float32Array>): Float32Array {
  const specs = paramSpecs(config);
  const params = new Float32Array(specs.reduce((n, s) => n + s.size, 0));
  for (const s of specs) {
    const w = weights.get(s.name);
    if (!w || w.length !== s.size) throw new Error(`weight "${s.name}" is missing or not of shape [${s.shape}]`);
    params.set(w, s.offset);
  }
  return params;
}

/** One flat block in paramSpecs order → named weights (copies, so the block can be reused). */
export function paramsToWeights(config: ModelConfig, params: Float32Array): Map<string, Float32Array> {
  const specs = paramSpecs(config);
  const total = specs.reduce((n, s) => n + s.size, 0);
  if (params.length !== total) throw new Error(`parameter block has ${params.length} values, the config needs ${total}`);
  return new Map(specs.map((s) => [s.name, params.slice(s.offset, s.offset + s.size)]));
}
