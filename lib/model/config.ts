import { FEATURE_DIMS, FEATURE_NAMES, PREPROCESS_VERSION, DEFAULT_PREPROCESS } from "../ink/preprocess";
import { defaultCharset } from "./charset";
import type { Charset } from "../ctc/charset";

/**
 * Everything that defines the network's shape and its input/output contract, in one object.
 * It is stored with the weights (model.json userDefinedMetadata + config.json), and loading
 * refuses weights whose config disagrees with the code's preprocessing version.
 */
export interface ModelConfig {
  /** Stacked bidirectional LSTM layers: 3 is where UNIPEN accuracy stops improving per FLOP. */
  layers: number;
  /** LSTM units per direction; multiple of 4 for the SIMD kernels. 192 is the shipped model's: ~2× the FLOPs of 128, ~26 ms per word in Node. */
  units: number;
  /** Dropout on each BiLSTM layer's input while training; regularises small datasets. */
  dropout: number;
  /** Per-step input features (see lib/ink/features.ts). */
  inputDims: number;
  featureNames: string[];
  /** Output classes = charset (with the CTC blank). */
  charset: Charset;
  /** Preprocessing that produced the training features; inference must use the same. */
  preprocess: { version: number; spacing: number; maxSteps: number };
}

export function defaultModelConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    layers: 3,
    units: 192,
    dropout: 0.2,
    inputDims: FEATURE_DIMS,
    featureNames: [...FEATURE_NAMES],
    charset: defaultCharset(),
    preprocess: { version: PREPROCESS_VERSION, spacing: 0.25, maxSteps: DEFAULT_PREPROCESS.maxSteps },
    ...overrides,
  };
}

/** Throws a precise error when a config cannot describe a runnable model. */
export function validateModelConfig(c: ModelConfig): void {
  const problems: string[] = [];
  if (!Number.isInteger(c.layers) || c.layers < 1 || c.layers > 8) problems.push(`layers must be an integer in 1..8, got ${c.layers}`);
  if (!Number.isInteger(c.units) || c.units < 4 || c.units % 4 !== 0 || c.units > 1024) problems.push(`units must be a multiple of 4 in 4..1024, got ${c.units}`);
  if (!(c.dropout >= 0 && c.dropout < 1)) problems.push(`dropout must be in [0, 1), got ${c.dropout}`);
  if (c.inputDims !== FEATURE_DIMS) problems.push(`inputDims ${c.inputDims} does not match the ${FEATURE_DIMS} features this code computes`);
  if (c.preprocess.version !== PREPROCESS_VERSION) problems.push(`model was trained with preprocessing v${c.preprocess.version}, this code computes v${PREPROCESS_VERSION}`);
  const { chars, blank } = c.charset;
  if (!Array.isArray(chars) || chars.length < 2) problems.push("charset needs at least one character plus the blank");
  else if (!(Number.isInteger(blank) && blank >= 0 && blank < chars.length)) problems.push(`blank index ${blank} is outside the charset`);
  else if (new Set(chars).size !== chars.length) problems.push("charset has duplicate characters");
  if (problems.length) throw new Error(`invalid model config: ${problems.join("; ")}`);
}

/** Output classes of the dense layer. */
export const numClasses = (c: ModelConfig) => c.charset.chars.length;
