import { z } from "zod";
import type { ModelConfig } from "../model/config";
import { decodeBase64, encodeBase64 } from "../ctc/base64";
import { fromHalf, toHalf } from "../model/format";
import { paramSpecs } from "../model/network";
import { adapterLayout, type AdaptedTensor } from "./adapter-plan";
import { baseFingerprint } from "./base-fingerprint";
import { mergeAdapter } from "./merge-adapter";

/**
 * A personal adaptation as it is stored (IndexedDB on the device, or a file): an immutable,
 * versioned record. The delta values are float16 (half the bytes; adaptation deltas are small,
 * so the rounding is far below what changes a reading). `base` names the exact weights it was
 * trained on, and applying it to any other weights is refused.
 */
export const ADAPTATION_FORMAT = "inkwell-adaptation";
export const ADAPTATION_SCHEMA_VERSION = 1;

const AdaptedTensorSchema = z.strictObject({
  name: z.string().min(1).max(200),
  rows: z.number().int().min(1),
  cols: z.number().int().min(1),
  kind: z.enum(["full", "lowrank"]),
  rank: z.number().int().min(0).max(64),
});

/** The most words a record keeps, and the longest: a writer's words for decoding, not their texts. */
export const MAX_VOCABULARY_WORDS = 10_000;
export const MAX_VOCABULARY_WORD_LENGTH = 200;

export const AdaptationRecordSchema = z.strictObject({
  format: z.literal(ADAPTATION_FORMAT),
  schemaVersion: z.literal(ADAPTATION_SCHEMA_VERSION),
  base: z.strictObject({ version: z.string().min(1).max(64), fingerprint: z.string().regex(/^[0-9a-f]{16}$/) }),
  plan: z.array(AdaptedTensorSchema).min(1),
  /** float16 little-endian, the adapter block in adapterLayout(plan) order. */
  values: z.instanceof(Uint8Array),
  /** Samples it was trained on (the held-out ones excluded) and in total. */
  trainSamples: z.number().int().min(0),
  samples: z.number().int().min(1),
  /** Greedy CER and mean CTC loss on the writer's held-out samples, base model vs adapted; null without a held-out part. */
  heldOut: z
    .strictObject({ samples: z.number().int().min(1), cerBefore: z.number().min(0), cerAfter: z.number().min(0), lossBefore: z.number(), lossAfter: z.number() })
    .nullable(),
  /** The writer's words (from the samples' texts) with counts: decoding prefers them (personal-lm.ts). */
  vocabulary: z.array(z.strictObject({ word: z.string().min(1).max(MAX_VOCABULARY_WORD_LENGTH), count: z.number().int().min(1) })).max(MAX_VOCABULARY_WORDS),
  epochs: z.number().int().min(0),
  trainSeconds: z.number().min(0),
  createdAt: z.string(),
  /**
   * Where it was made: on the writer's device from the samples it keeps, or by the server's retrain
   * from the samples the writer contributed (lib/retrain/derive-writer-adaptations.ts). Absent in
   * records saved before servers made any: those were made on the device.
   */
  origin: z.enum(["device", "server"]).optional(),
});

export type AdaptationRecord = z.infer<typeof AdaptationRecordSchema>;

/** Thrown when an adaptation does not belong to the weights it is applied to. */
export class AdaptationMismatchError extends Error {
  override name = "AdaptationMismatchError";
}

export function encodeAdapterValues(adapter: Float32Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(adapter.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < adapter.length; i++) view.setUint16(2 * i, toHalf(adapter[i]), true);
  return bytes;
}

export function decodeAdapterValues(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 2) throw new Error(`adaptation values have an odd byte count (${bytes.byteLength}); expected float16`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 2);
  for (let i = 0; i < out.length; i++) out[i] = fromHalf(view.getUint16(2 * i, true));
  return out;
}

/** A record as JSON text can carry it (a file, an HTTP body): the float16 values in base64. */
export function adaptationToJson(record: AdaptationRecord): Omit<AdaptationRecord, "values"> & { values: string } {
  return { ...record, values: encodeBase64(record.values) };
}

/** The inverse of adaptationToJson, validated: a one-line reason when it is not a record. */
export function adaptationFromJson(value: unknown): AdaptationRecord {
  if (typeof value !== "object" || value === null || typeof (value as { values?: unknown }).values !== "string") {
    throw new Error("not an Inkwell adaptation record: values: expected base64 text");
  }
  const text = (value as { values: string }).values;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new Error("not an Inkwell adaptation record: values: not base64");
  return parseAdaptationRecord({ ...value, values: decodeBase64(text, "adaptation record") });
}

/** Parses a stored record (e.g. read back from IndexedDB) with a one-line reason when it is not one. */
export function parseAdaptationRecord(value: unknown): AdaptationRecord {
  const r = AdaptationRecordSchema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new Error(`not an Inkwell adaptation record: ${first.path.join(".") || "(root)"}: ${first.message}`);
  }
  return r.data;
}

/**
 * Base parameters + the adaptation, as a new parameter block. Refuses (AdaptationMismatchError)
 * an adaptation made for other weights, another architecture or another charset.
 */
export function applyAdaptation(config: ModelConfig, baseVersion: string, baseParams: Float32Array, record: AdaptationRecord, fingerprint = baseFingerprint(config, baseParams)): Float32Array {
  if (record.base.fingerprint !== fingerprint) {
    throw new AdaptationMismatchError(
      `this adaptation was made for model ${record.base.version} (weights ${record.base.fingerprint}), not for the loaded ${baseVersion} (weights ${fingerprint}); adapt again from the stored samples`,
    );
  }
  const specs = paramSpecs(config);
  for (const t of record.plan as AdaptedTensor[]) {
    const s = specs.find((p) => p.name === t.name);
    if (!s || s.size !== t.rows * t.cols) throw new AdaptationMismatchError(`this adaptation changes "${t.name}" [${t.rows}, ${t.cols}], which model ${baseVersion} ${s ? `has as [${s.shape}]` : "does not have"}`);
  }
  const { slots, size } = adapterLayout(record.plan);
  const values = decodeAdapterValues(record.values);
  if (values.length !== size) throw new AdaptationMismatchError(`this adaptation holds ${values.length} values, its plan needs ${size}`);
  const merged = new Float32Array(baseParams.length);
  mergeAdapter(baseParams, specs, slots, values, merged);
  return merged;
}
