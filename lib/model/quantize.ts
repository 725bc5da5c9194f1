import { type ModelConfig, numClasses } from "./config";
import { paramSpecs } from "./network";

/**
 * Post-training int8 quantisation of the recognizer (training stays in float).
 *
 * Weights: every LSTM input kernel, recurrent kernel and the dense kernel, W [K, N] (N = output
 * channels: gate columns, or classes), is stored as int8 codes with one float32 scale per output
 * column, symmetric: scale[n] = max_k |W[k, n]| / 127, code = round(W / scale[n]) ∈ [-127, 127].
 * Biases stay float32. A column of zeros gets scale 0 and codes 0.
 *
 * Activations (done by the kernels, lstm.c): each row of the input projection (one time step)
 * and h of each recurrent step is quantised symmetric to 7 bits, |q| ≤ 63, with its own scale
 * max|x| / 63, and stored biased as q + 64 (see lstm.c for why). The int32 sums are exact and the
 * same in every kernel build; the result is dequantised by scale_x · scale_w[n].
 *
 * The scheme is recorded next to the weights (model metadata `quantization` and
 * quantization.json) together with the architecture and charset it was made for.
 */
export const INT8_SCHEME = "int8-symmetric-per-output-channel/act7-per-row";

export interface QuantizationRecord {
  scheme: typeof INT8_SCHEME;
  /** What the codes mean, in words (for people reading model.json). */
  weights: string;
  activations: string;
  /** The architecture and output alphabet the codes were made for; loading checks both. */
  architecture: { layers: number; units: number; inputDims: number; classes: number };
  charset: { size: number; blank: number; chars: string };
  /** How far the int8 logits were from the float ones when exported (see checkInt8Drift). */
  drift?: Int8Drift;
}

export interface Int8Drift {
  /** Fixture inks compared, and their frames. */
  samples: number;
  frames: number;
  /** Max and mean |Δlogit| over all frames and classes. */
  maxAbsLogit: number;
  meanAbsLogit: number;
  /** Share of frames whose arg-max class differs, not counting near-ties (int8-drift.ts TIE_MARGIN). */
  argmaxFlipRate: number;
  /** Share of samples whose greedy reading differs. */
  readingChangeRate: number;
}

export interface QuantizedKernel {
  /** Row-major int8 codes of W [K, N]. */
  codes: Int8Array;
  /** One scale per output column (N). */
  scales: Float32Array;
  shape: [number, number];
}

/** Names of the weights that are stored as int8 (every kernel; biases stay float). */
export function int8WeightNames(config: ModelConfig): string[] {
  return paramSpecs(config)
    .filter((s) => s.name.endsWith("/kernel") || s.name.endsWith("/recurrent_kernel"))
    .map((s) => s.name);
}

/** Symmetric per-output-column int8 codes for W [K, N] (row-major). */
export function quantizeKernel(w: Float32Array, K: number, N: number): QuantizedKernel {
  if (w.length !== K * N) throw new Error(`quantizeKernel: ${w.length} values are not [${K}, ${N}]`);
  const scales = new Float32Array(N);
  for (let k = 0; k < K; k++)
    for (let n = 0; n < N; n++) {
      const a = Math.abs(w[k * N + n]);
      if (a > scales[n]) scales[n] = a;
    }
  for (let n = 0; n < N; n++) scales[n] = scales[n] / 127;
  const codes = new Int8Array(K * N);
  for (let k = 0; k < K; k++)
    for (let n = 0; n < N; n++) {
      const s = scales[n];
      codes[k * N + n] = s > 0 ? Math.max(-127, Math.min(127, Math.round(w[k * N + n] / s))) : 0;
    }
  return { codes, scales, shape: [K, N] };
}

export function dequantizeKernel(q: QuantizedKernel): Float32Array {
  const [K, N] = q.shape;
  const w = new Float32Array(K * N);
  for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) w[k * N + n] = q.codes[k * N + n] * q.scales[n];
  return w;
}

/** int8 codes of every kernel of a model (biases and anything else are not included). */
export function quantizeWeights(config: ModelConfig, weights: ReadonlyMap<string, Float32Array>): Map<string, QuantizedKernel> {
  const specs = new Map(paramSpecs(config).map((s) => [s.name, s]));
  const out = new Map<string, QuantizedKernel>();
  for (const name of int8WeightNames(config)) {
    const s = specs.get(name)!;
    const w = weights.get(name);
    if (!w || w.length !== s.size) throw new Error(`quantizeWeights: weight "${name}" is missing or not of shape [${s.shape}]`);
    out.set(name, quantizeKernel(w, s.shape[0], s.shape[1]));
  }
  return out;
}

/** The float weights an int8 model computes with: kernels replaced by their dequantised codes. */
export function int8EquivalentWeights(config: ModelConfig, weights: ReadonlyMap<string, Float32Array>): Map<string, Float32Array> {
  const q = quantizeWeights(config, weights);
  return new Map([...weights].map(([name, w]) => [name, q.has(name) ? dequantizeKernel(q.get(name)!) : w]));
}

export function quantizationRecord(config: ModelConfig, drift?: Int8Drift): QuantizationRecord {
  return {
    scheme: INT8_SCHEME,
    weights: "int8 codes, symmetric per output column (axis 1 of each [inputs, outputs] kernel): w = code * scale[column], scale = max|w| / 127; biases float32",
    activations: "quantised by the kernels per row (time step) and per recurrent step: symmetric 7-bit, |q| <= 63, scale = max|x| / 63; int32 accumulation",
    architecture: { layers: config.layers, units: config.units, inputDims: config.inputDims, classes: numClasses(config) },
    charset: { size: config.charset.chars.length, blank: config.charset.blank, chars: config.charset.chars.join("") },
    ...(drift ? { drift } : {}),
  };
}

/** Throws a precise error when a quantisation record was not made for this config (architecture, charset, scheme). */
export function checkQuantizationRecord(record: unknown, config: ModelConfig): asserts record is QuantizationRecord {
  const r = record as Partial<QuantizationRecord> | undefined;
  if (!r || typeof r !== "object") throw new Error("int8 weights without a quantization record in userDefinedMetadata.inkwell.quantization: cannot tell what the codes mean");
  if (r.scheme !== INT8_SCHEME) throw new Error(`int8 weights use quantization scheme "${String(r.scheme)}"; this code reads "${INT8_SCHEME}"`);
  const want = quantizationRecord(config);
  const a = r.architecture, w = want.architecture;
  if (!a || a.layers !== w.layers || a.units !== w.units || a.inputDims !== w.inputDims || a.classes !== w.classes) {
    const desc = (x: typeof w) => `${x.layers}×BiLSTM-${x.units}, ${x.inputDims} inputs, ${x.classes} classes`;
    throw new Error(`int8 weights were quantised for ${a ? desc(a) : "an unrecorded architecture"}, but the model is ${desc(w)}`);
  }
  const c = r.charset;
  if (!c || c.size !== want.charset.size || c.blank !== want.charset.blank || c.chars !== want.charset.chars)
    throw new Error(
      `int8 weights were quantised for another charset (${c ? `${c.size} classes, blank ${c.blank}` : "unrecorded"}; the model's has ${want.charset.size} classes, blank ${want.charset.blank}${c && c.size === want.charset.size && c.blank === want.charset.blank ? ", different characters" : ""})`,
    );
}

const ceilTo = (n: number, m: number) => Math.ceil(n / m) * m;

/** Sizes of a kernel W [K, N] in the kernels' packed layout: K padded to 4, N to 32. */
export function packedSize(K: number, N: number): { Kp: number; Np: number; bytes: number } {
  const Kp = ceilTo(K, 4), Np = ceilTo(N, 32);
  return { Kp, Np, bytes: Kp * Np };
}

/**
 * Packs int8 codes W [K, N] for the kernels (lstm.c): 32-column panels of 4-row groups,
 * P[n/32][k/4][32 columns][4 rows], zero-padded to [Kp, Np]; plus corr[n] = 64 Σ_k W[k, n], which
 * undoes the +64 bias of the activations, and the scales padded to Np (padding columns: 0).
 */
export function packInt8(q: QuantizedKernel): { packed: Int8Array; corr: Int32Array; scales: Float32Array; Kp: number; Np: number } {
  const [K, N] = q.shape;
  const { Kp, Np } = packedSize(K, N);
  const packed = new Int8Array(Kp * Np);
  const corr = new Int32Array(Np);
  for (let k = 0; k < K; k++)
    for (let n = 0; n < N; n++) {
      const v = q.codes[k * N + n];
      packed[(n >> 5) * 32 * Kp + (k >> 2) * 128 + (n & 31) * 4 + (k & 3)] = v;
      corr[n] += 64 * v;
    }
  const scales = new Float32Array(Np);
  scales.set(q.scales);
  return { packed, corr, scales, Kp, Np };
}
