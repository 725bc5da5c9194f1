/**
 * npm run pack-training-set -- [--data FILE]... [--out DIR] [--spacing X] [--parity N]
 *
 * Packs the training data compactly for the GPU trainer (training/gpu/train_ctc.py), which runs
 * on a machine without Node. Every sample goes through the same lib/ink steps as recognition up
 * to normalisation (duplicates dropped, writing zone, height units), and is then thinned to an
 * arc-length spacing far finer than the model's (default 0.05 vs 0.25 heights), so augmenting and
 * resampling on the other side lose no shape. Coordinates are int16 at 1/64 height.
 *
 * Output (DIR, default runs/pack):
 *   meta.json        texts, writers, split ("train" | "val"), kind ("word" | "line"), writing height
 *                    (ink units, so synthetic lines keep a writer's relative word sizes), the model
 *                    config (charset, preprocessing) the features must match
 *   strokes.u32.gz   points per stroke; strokes per sample are in meta.json
 *   starts.i16.gz    each stroke's first point (x, y), quantised
 *   deltas.i8.gz     x, y steps to each following point: exact differences of the quantised
 *                    points, |step| ≤ spacing × 64 + 1, so int8 holds them and gzip shrinks them ~4×
 *   parity.json      for --parity samples: the ink as packed and lib/ink's features for it, which
 *                    the Python port must reproduce before it trains
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DATA_DIR, loadSplit } from "../lib/training/unipen";
import { toInk, type CompactSample } from "../lib/training/dataset";
import { inkToPolylines } from "../lib/ink/polylines";
import { writingZone } from "../lib/ink/writing-height";
import { normalize } from "../lib/ink/normalize";
import { resample } from "../lib/ink/resample";
import { preprocessInk } from "../lib/ink/preprocess";
import { defaultModelConfig } from "../lib/model/config";
import type { Ink } from "../lib/ink/types";

/** Quantisation: 1/64 of a writing height is far below the model's 0.25-height step and the 0.01-height augmentation jitter. */
export const PACK_SCALE = 64;
const INT16_MAX = 32767;

function fail(msg: string): never {
  process.stderr.write(`pack-training-set: ${msg}\n`);
  process.exit(2);
}

/** Normalised, thinned, quantised strokes of one sample (empty strokes dropped). */
function packSample(s: CompactSample, spacing: number): { strokes: Int16Array[]; height: number } {
  const { polylines } = inkToPolylines(toInk(s));
  const zone = writingZone(polylines);
  const thinned = resample(normalize(polylines, zone), spacing);
  const strokes = thinned.map((p) => {
    const q = new Int16Array(p.length);
    for (let i = 0; i < p.length; i++) q[i] = Math.max(-INT16_MAX, Math.min(INT16_MAX, Math.round(p[i] * PACK_SCALE)));
    return q;
  });
  return { strokes, height: zone.height };
}

/** The packed ink as the Python side will read it (height units, float). */
function unpackToInk(strokes: Int16Array[]): Ink {
  return {
    version: 1,
    strokes: strokes.map((q) => ({ points: Array.from({ length: q.length / 2 }, (_, i) => ({ x: q[2 * i] / PACK_SCALE, y: q[2 * i + 1] / PACK_SCALE })) })),
  };
}

async function main() {
  let o;
  try {
    o = parseArgs({
      options: {
        data: { type: "string", multiple: true },
        out: { type: "string", default: "runs/pack" },
        spacing: { type: "string", default: "0.05" },
        parity: { type: "string", default: "200" },
      },
      strict: true,
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  const spacing = Number(o.spacing);
  if (!(spacing > 0 && spacing <= 0.25)) fail(`--spacing must be in (0, 0.25], got "${o.spacing}"`);
  const parityCount = Number(o.parity);
  if (!Number.isInteger(parityCount) || parityCount < 0) fail(`--parity must be an integer ≥ 0, got "${o.parity}"`);
  const files = o.data ?? [path.join(DEFAULT_DATA_DIR, "unipen-words.jsonl.gz"), path.join(DEFAULT_DATA_DIR, "unipen-text.jsonl.gz")];
  const model = defaultModelConfig();

  const split = await loadSplit(files, (s) => process.stderr.write(s + "\n"));
  const groups: [CompactSample[], "train" | "val", "word" | "line"][] = [
    [split.trainWords, "train", "word"],
    [split.trainLines, "train", "line"],
    [split.valWords, "val", "word"],
    [split.valLines, "val", "line"],
  ];
  const meta = { packScale: PACK_SCALE, spacing, model, texts: [] as string[], writers: [] as string[], split: [] as string[], kind: [] as string[], height: [] as number[], strokeCount: [] as number[] };
  const strokeLens: number[] = [];
  const chunks: Int16Array[] = [];
  let points = 0;
  const parity: { text: string; strokes: number[][]; steps: number; features: number[] }[] = [];
  for (const [samples, splitName, kind] of groups) {
    for (const s of samples) {
      const { strokes, height } = packSample(s, spacing);
      if (strokes.length === 0) continue;
      meta.texts.push(s.text);
      meta.writers.push(s.writer);
      meta.split.push(splitName);
      meta.kind.push(kind);
      meta.height.push(Number(height.toPrecision(6)));
      meta.strokeCount.push(strokes.length);
      for (const q of strokes) {
        strokeLens.push(q.length / 2);
        chunks.push(q);
        points += q.length / 2;
      }
      // Parity cases: validation samples, words and lines, spread over the file.
      if (splitName === "val" && parity.length < parityCount && meta.texts.length % 7 === 0) {
        const f = preprocessInk(unpackToInk(strokes), model.preprocess);
        parity.push({ text: s.text, strokes: strokes.map((q) => Array.from(q)), steps: f.steps, features: Array.from(f.features, (v) => Number(v.toPrecision(7))) });
      }
    }
  }
  const starts = new Int16Array(chunks.length * 2);
  const deltas = new Int8Array((points - chunks.length) * 2);
  let at = 0;
  chunks.forEach((q, k) => {
    starts[2 * k] = q[0];
    starts[2 * k + 1] = q[1];
    for (let i = 2; i < q.length; i++) {
      const d = q[i] - q[i - 2];
      if (d < -127 || d > 127) throw new Error(`step of ${d} units between packed points; the thinning spacing should bound it`);
      deltas[at++] = d;
    }
  });
  mkdirSync(o.out!, { recursive: true });
  writeFileSync(path.join(o.out!, "meta.json"), JSON.stringify(meta));
  writeFileSync(path.join(o.out!, "strokes.u32.gz"), gzipSync(Buffer.from(Uint32Array.from(strokeLens).buffer), { level: 9 }));
  writeFileSync(path.join(o.out!, "starts.i16.gz"), gzipSync(Buffer.from(starts.buffer), { level: 9 }));
  writeFileSync(path.join(o.out!, "deltas.i8.gz"), gzipSync(Buffer.from(deltas.buffer), { level: 9 }));
  writeFileSync(path.join(o.out!, "parity.json"), JSON.stringify(parity));
  const count = (sp: string, k: string) => meta.split.filter((v, i) => v === sp && meta.kind[i] === k).length;
  console.log(
    `packed ${meta.texts.length} samples (train ${count("train", "word")} words + ${count("train", "line")} lines, val ${count("val", "word")} + ${count("val", "line")}), ` +
      `${strokeLens.length} strokes, ${points} points at ${spacing} heights → ${o.out}`,
  );
}

main().catch((e) => fail(e instanceof Error ? e.stack ?? e.message : String(e)));
