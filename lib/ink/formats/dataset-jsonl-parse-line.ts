import { INK_VERSION, InkSchema, type Ink } from "../types";
import { DatasetRecordSchema, type DatasetRecord } from "./dataset-record-schema";
import { describeZodIssues } from "./format-error";
import type { InkSample } from "./ink-sample";

/** The outcome of reading one record: the sample, or where and why it is bad. */
export type DatasetRecordResult =
  | { readonly ok: true; readonly line: number; readonly sample: InkSample }
  | { readonly ok: false; readonly line: number; readonly error: string; readonly id?: string };

/**
 * Parses and validates one JSONL line of the dataset format. `line` is 1-based and is echoed
 * back so callers can report it. Never throws: a bad record comes back as `{ ok: false }`.
 */
export function parseDatasetJsonlLine(text: string, line: number): DatasetRecordResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, line, error: `invalid JSON: ${(e as Error).message}` };
  }
  const record = DatasetRecordSchema.safeParse(json);
  const id = typeof (json as { id?: unknown })?.id === "string" ? (json as { id: string }).id : undefined;
  if (!record.success) {
    return { ok: false, line, error: describeZodIssues(record.error.issues), ...(id ? { id } : {}) };
  }
  // The ink-level rules (non-empty strokes, coordinate range, point budget) live in InkSchema.
  const ink: Ink = inkFromRecordStrokes(record.data.strokes);
  const valid = InkSchema.safeParse(ink);
  if (!valid.success) {
    return { ok: false, line, error: `ink: ${describeZodIssues(valid.error.issues)}`, id: record.data.id };
  }
  return { ok: true, line, sample: { id: record.data.id, text: record.data.text, writer: record.data.writer, ink } };
}

/** `[x, y]` -> {x, y}; `[x, y, t]` -> {x, y, t}; `[x, y, null]` -> {x, y}. */
function inkFromRecordStrokes(strokes: DatasetRecord["strokes"]): Ink {
  return {
    version: INK_VERSION,
    strokes: strokes.map((s) => ({
      points: s.map((pt) => (pt.length === 3 && pt[2] !== null ? { x: pt[0], y: pt[1], t: pt[2] } : { x: pt[0], y: pt[1] })),
    })),
  };
}
