import { validateModelConfig } from "./config";
import { paramSpecs } from "./network";
import { buildReferenceModel } from "./tfjs-reference";
import { type InkwellMetadata, type ModelJson, type WeightEntry, toHalf } from "./format";

/**
 * Encodes named weights as a tfjs layers-model (model.json object + weight bytes), float16 by
 * default (half the download; eval shows no accuracy change). Kept apart from decoding so the
 * browser's fast path never has to load tfjs-layers just to read weights.
 */
export function encodeModel(
  weights: ReadonlyMap<string, Float32Array>,
  meta: InkwellMetadata,
  opts: { float16?: boolean; weightsFile?: string } = {},
): { modelJson: ModelJson; weightData: Uint8Array } {
  validateModelConfig(meta.config);
  const specs = paramSpecs(meta.config);
  const float16 = opts.float16 ?? true;
  const total = specs.reduce((n, s) => n + s.size, 0);
  const weightData = new Uint8Array(total * (float16 ? 2 : 4));
  const view = new DataView(weightData.buffer);
  let offset = 0;
  const entries: WeightEntry[] = specs.map((s) => {
    const w = weights.get(s.name);
    if (!w || w.length !== s.size) throw new Error(`weight "${s.name}" is missing or not of shape [${s.shape}]`);
    for (let i = 0; i < w.length; i++) {
      if (float16) view.setUint16(offset + 2 * i, toHalf(w[i]), true);
      else view.setFloat32(offset + 4 * i, w[i], true);
    }
    offset += w.length * (float16 ? 2 : 4);
    return float16 ? { name: s.name, shape: s.shape, dtype: "float32", quantization: { dtype: "float16" } } : { name: s.name, shape: s.shape, dtype: "float32" };
  });
  const topology = topologyFor(meta.config);
  return {
    modelJson: {
      format: "layers-model",
      generatedBy: "inkwell",
      convertedBy: null,
      modelTopology: topology,
      weightsManifest: [{ paths: [opts.weightsFile ?? "weights.bin"], weights: entries }],
      userDefinedMetadata: { inkwell: meta },
    },
    weightData,
  };
}


const topologies = new Map<string, unknown>();

/** The tfjs topology JSON for a config, built once per architecture (building layers is slow). */
function topologyFor(config: Parameters<typeof buildReferenceModel>[0]): unknown {
  const key = JSON.stringify([config.layers, config.units, config.inputDims, config.charset.chars.length]);
  let t = topologies.get(key);
  if (!t) {
    const reference = buildReferenceModel(config, "softmax", "zeros");
    t = reference.toJSON(null, false);
    reference.dispose();
    topologies.set(key, t);
  }
  return structuredClone(t);
}
