import { crc32 } from "node:zlib";
import type { Ink } from "../ink/types";
import { parseDatasetJsonlLine } from "../ink/formats/dataset-jsonl-parse-line";
import { readTextFileLines } from "../ink/formats/dataset-jsonl-node";

/**
 * A training sample held compactly: all points of all strokes in one Float32Array (x, y
 * interleaved) plus stroke start offsets, so ~90k samples with 27M points fit in ~250 MB
 * instead of gigabytes of point objects. `toInk()` builds the immutable ink when needed.
 */
export interface CompactSample {
  id: string;
  text: string;
  writer: string;
  coords: Float32Array;
  /** Point index where each stroke starts; strokeStarts.length = number of strokes. */
  strokeStarts: Uint32Array;
}

export function toInk(s: CompactSample): Ink {
  const strokes = [];
  const n = s.coords.length / 2;
  for (let k = 0; k < s.strokeStarts.length; k++) {
    const end = k + 1 < s.strokeStarts.length ? s.strokeStarts[k + 1] : n;
    const points = [];
    for (let i = s.strokeStarts[k]; i < end; i++) points.push({ x: s.coords[2 * i], y: s.coords[2 * i + 1] });
    strokes.push({ points });
  }
  return { version: 1, strokes };
}

export function compactFromInk(id: string, text: string, writer: string, ink: Ink): CompactSample {
  let n = 0;
  for (const s of ink.strokes) n += s.points.length;
  const coords = new Float32Array(2 * n);
  const strokeStarts = new Uint32Array(ink.strokes.length);
  let i = 0;
  ink.strokes.forEach((s, k) => {
    strokeStarts[k] = i;
    for (const p of s.points) {
      coords[2 * i] = p.x;
      coords[2 * i + 1] = p.y;
      i++;
    }
  });
  return { id, text, writer, coords, strokeStarts };
}

/** The dataset README's writer-disjoint split: a writer is in validation iff crc32(writer) % 10 == 0. */
export function isValidationWriter(writer: string): boolean {
  return crc32(writer) % 10 === 0;
}

/**
 * The half of the validation writers that decoder weights are tuned on (crc32(writer) % 20 == 0);
 * the other half (% 20 == 10) is where tuned settings are reported, so a reported number never
 * comes from the writers it was tuned on.
 */
export function isDecoderTuningWriter(writer: string): boolean {
  return crc32(writer) % 20 === 0;
}

/**
 * Some UNIPEN text labels were tokenised ("What a dirty trick !"), but the ink has no gap before
 * the punctuation; joining them back makes the label match what was written.
 */
export function untokenizeLabel(text: string): string {
  return text.replace(/ ([.,;:!?)\]}'])/g, "$1").replace(/([([{]) /g, "$1");
}

export interface LoadReport {
  loaded: number;
  skipped: { line: number; reason: string }[];
}

/**
 * Streams a dataset JSONL(.gz) file (schema: ../shared/data/README.md) through the shared Zod
 * record schema. Records that fail validation are reported with their line number, never
 * silently dropped; `filter` decides which valid records to keep (and may rewrite the label).
 */
export async function loadJsonlDataset(
  path: string,
  filter: (rec: { id: string; text: string; writer: string }) => string | null = (r) => r.text,
): Promise<{ samples: CompactSample[]; report: LoadReport }> {
  const samples: CompactSample[] = [];
  const report: LoadReport = { loaded: 0, skipped: [] };
  let lineNo = 0;
  for await (const line of readTextFileLines(path)) {
    lineNo++;
    if (!line.trim()) continue;
    const r = parseDatasetJsonlLine(line, lineNo);
    if (!r.ok) {
      report.skipped.push({ line: lineNo, reason: r.error });
      continue;
    }
    const text = filter(r.sample);
    if (text === null) continue;
    samples.push(compactFromInk(r.sample.id, text, r.sample.writer, r.sample.ink));
    report.loaded++;
  }
  return { samples, report };
}
