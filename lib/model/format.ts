import { type ModelConfig, validateModelConfig } from "./config";
import { paramSpecs } from "./network";
import { checkQuantizationRecord, dequantizeKernel, type QuantizationRecord } from "./quantize";

/**
 * Our weights in TensorFlow.js' own layers-model format (model.json + weights.bin), so
 * tf.loadLayersModel reads them as a stock Bidirectional-LSTM model and the tfjs converter
 * can take them to Keras. Inkwell's config (charset, blank, preprocessing) rides along in
 * userDefinedMetadata and is also written as config.json/charset.json next to the weights.
 */
export interface ModelJson {
  format: "layers-model";
  generatedBy: string;
  convertedBy: null;
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: WeightEntry[] }[];
  userDefinedMetadata: { inkwell: InkwellMetadata };
}

export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: "float32";
  quantization?: { dtype: "float16" } | Int8Quantization;
}

/**
 * Inkwell's int8 form of a kernel W [K, N] in the weights manifest. tfjs' own quantization
 * (uint8/uint16 with one {scale, min} per tensor) cannot carry a scale per output channel, so
 * this is a dtype of our own: the entry's bytes are float32 scales [N] (little-endian) followed
 * by the int8 codes [K, N], row-major; w[k, n] = code[k, n] · scale[n]. The scheme, the
 * architecture and the charset are recorded in userDefinedMetadata.inkwell.quantization.
 * tf.loadLayersModel does not read this dtype; it loads the float form (model.json) beside it.
 */
export interface Int8Quantization {
  dtype: "int8";
  /** The axis that has one scale per index: 1, the output channels. */
  axis: 1;
  layout: "float32 scales[shape[1]], then int8 codes[shape] row-major";
}

export const INT8_LAYOUT: Int8Quantization["layout"] = "float32 scales[shape[1]], then int8 codes[shape] row-major";

export interface InkwellMetadata {
  version: string;
  config: ModelConfig;
  createdAt: string;
  /** Free-form: metrics, training time, data provenance. */
  info?: Record<string, unknown>;
  /** Present on the int8 form: what its codes mean and what they were made for (lib/model/quantize.ts). */
  quantization?: QuantizationRecord;
}

/** Reads model.json + weight bytes back into our config and named weights, with precise errors. */
export function decodeModel(modelJson: unknown, weightData: ArrayBuffer | Uint8Array): { meta: InkwellMetadata; weights: Map<string, Float32Array> } {
  const mj = modelJson as Partial<ModelJson>;
  const meta = mj?.userDefinedMetadata?.inkwell;
  if (!meta?.config) throw new Error("model.json has no userDefinedMetadata.inkwell.config: not an Inkwell model");
  validateModelConfig(meta.config);
  const manifest = mj.weightsManifest?.flatMap((g) => g.weights) ?? [];
  const bytes = weightData instanceof Uint8Array ? weightData : new Uint8Array(weightData);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  const int8 = manifest.some((e) => e.quantization?.dtype === "int8");
  if (int8) checkQuantizationRecord(meta.quantization, meta.config);
  const specs = new Map(paramSpecs(meta.config).map((s) => [s.name, s]));
  for (const e of manifest) {
    const n = e.shape.reduce((a, b) => a * b, 1);
    if (e.quantization?.dtype === "int8") {
      const spec = specs.get(e.name);
      if (!spec) throw new Error(`int8 weight "${e.name}" is not a weight of this architecture (${meta.config.layers}×BiLSTM-${meta.config.units})`);
      if (e.shape.length !== 2 || e.shape.join() !== spec.shape.join()) throw new Error(`int8 weight "${e.name}" has shape [${e.shape}], the model config expects [${spec.shape}]`);
      if (e.quantization.axis !== 1 || e.quantization.layout !== INT8_LAYOUT) throw new Error(`int8 weight "${e.name}": unsupported int8 form ${JSON.stringify(e.quantization)}`);
      const [K, N] = e.shape;
      const need = 4 * N + n;
      if (offset + need > bytes.byteLength) throw new Error(`weights file too short: "${e.name}" needs bytes ${offset}..${offset + need}, file has ${bytes.byteLength}`);
      const scales = new Float32Array(N);
      for (let i = 0; i < N; i++) scales[i] = view.getFloat32(offset + 4 * i, true);
      const codes = new Int8Array(bytes.buffer.slice(bytes.byteOffset + offset + 4 * N, bytes.byteOffset + offset + need));
      weights.set(e.name, dequantizeKernel({ codes, scales, shape: [K, N] }));
      offset += need;
      continue;
    }
    const half = e.quantization?.dtype === "float16";
    if (e.quantization && !half) throw new Error(`weight "${e.name}": unsupported quantization ${JSON.stringify(e.quantization)}`);
    const need = n * (half ? 2 : 4);
    if (offset + need > bytes.byteLength) throw new Error(`weights file too short: "${e.name}" needs bytes ${offset}..${offset + need}, file has ${bytes.byteLength}`);
    const w = new Float32Array(n);
    for (let i = 0; i < n; i++) w[i] = half ? fromHalf(view.getUint16(offset + 2 * i, true)) : view.getFloat32(offset + 4 * i, true);
    weights.set(e.name, w);
    offset += need;
  }
  if (offset !== bytes.byteLength) throw new Error(`weights file has ${bytes.byteLength - offset} unexpected trailing bytes`);
  for (const s of paramSpecs(meta.config)) {
    const w = weights.get(s.name);
    if (!w) throw new Error(`model is missing weight "${s.name}" [${s.shape}]`);
    if (w.length !== s.size) throw new Error(`weight "${s.name}" has ${w.length} values, config expects [${s.shape}]`);
  }
  return { meta, weights };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE float32 → float16 bits, round to nearest even. */
export function toHalf(v: number): number {
  f32[0] = v;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >> shift;
    const rem = mant & ((1 << shift) - 1), mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}
