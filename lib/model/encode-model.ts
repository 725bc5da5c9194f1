import { validateModelConfig } from "./config";
import { paramSpecs } from "./network";
import { buildReferenceModel } from "./tfjs-reference";
import { INT8_LAYOUT, type InkwellMetadata, type ModelJson, type WeightEntry, toHalf } from "./format";
import { int8WeightNames, quantizationRecord, quantizeKernel, type Int8Drift } from "./quantize";

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

/**
 * The int8 form (lib/model/quantize.ts, format.ts' Int8Quantization): every kernel as per-output-
 * channel int8 codes with float32 scales, biases float32, and the quantisation record (scheme,
 * architecture, charset, measured drift) in the metadata. About a quarter of the float32 bytes.
 */
export function encodeModelInt8(
  weights: ReadonlyMap<string, Float32Array>,
  meta: InkwellMetadata,
  opts: { weightsFile?: string; drift?: Int8Drift } = {},
): { modelJson: ModelJson; weightData: Uint8Array } {
  validateModelConfig(meta.config);
  const specs = paramSpecs(meta.config);
  const int8 = new Set(int8WeightNames(meta.config));
  const parts: Uint8Array[] = [];
  const entries: WeightEntry[] = specs.map((s) => {
    const w = weights.get(s.name);
    if (!w || w.length !== s.size) throw new Error(`weight "${s.name}" is missing or not of shape [${s.shape}]`);
    if (!int8.has(s.name)) {
      parts.push(new Uint8Array(Float32Array.from(w).buffer));
      return { name: s.name, shape: s.shape, dtype: "float32" };
    }
    const [K, N] = s.shape;
    const q = quantizeKernel(w, K, N);
    const bytes = new Uint8Array(4 * N + K * N);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < N; i++) view.setFloat32(4 * i, q.scales[i], true);
    bytes.set(new Uint8Array(q.codes.buffer, q.codes.byteOffset, q.codes.length), 4 * N);
    parts.push(bytes);
    return { name: s.name, shape: s.shape, dtype: "float32", quantization: { dtype: "int8", axis: 1, layout: INT8_LAYOUT } };
  });
  const weightData = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    weightData.set(p, o);
    o += p.length;
  }
  return {
    modelJson: {
      format: "layers-model",
      generatedBy: "inkwell",
      convertedBy: null,
      modelTopology: topologyFor(meta.config),
      weightsManifest: [{ paths: [opts.weightsFile ?? "weights.int8.bin"], weights: entries }],
      userDefinedMetadata: { inkwell: { ...meta, quantization: quantizationRecord(meta.config, opts.drift) } },
    },
    weightData,
  };
}
