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
 *   parity.json      for --parity samples (every 7th validation sample, then the 5 longest): the ink as packed and lib/ink's features for it, which
 *                    the Python port must reproduce before it trains
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DATA_DIR, loadSplit } from "../lib/training/unipen";
import { toInk, type CompactSample } from "../lib/training/dataset";
import { PACK_SCALE, packInk, parityCase, type ParityCase } from "../lib/training/pack";
import { defaultModelConfig } from "../lib/model/config";

function fail(msg: string): never {
  process.stderr.write(`pack-training-set: ${msg}\n`);
  process.exit(2);
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
  const parity: ParityCase[] = [];
  // The longest validation inks join the parity cases: they take lib/ink's coarser-spacing path past maxSteps.
  let longest: { text: string; strokes: Int16Array[]; points: number }[] = [];
  for (const [samples, splitName, kind] of groups) {
    for (const s of samples) {
      const { strokes, height } = packInk(toInk(s), spacing);
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
        parity.push(parityCase(s.text, strokes, model.preprocess));
      }
      if (splitName === "val") {
        const n = strokes.reduce((a, q) => a + q.length / 2, 0);
        if (longest.length < 5 || n > longest[longest.length - 1].points) {
          longest = [...longest, { text: s.text, strokes, points: n }].sort((a, b) => b.points - a.points).slice(0, 5);
        }
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
  if (parityCount > 0) for (const l of longest) parity.push(parityCase(l.text, l.strokes, model.preprocess));
  writeFileSync(path.join(o.out!, "parity.json"), JSON.stringify(parity));
  const count = (sp: string, k: string) => meta.split.filter((v, i) => v === sp && meta.kind[i] === k).length;
  console.log(
    `packed ${meta.texts.length} samples (train ${count("train", "word")} words + ${count("train", "line")} lines, val ${count("val", "word")} + ${count("val", "line")}), ` +
      `${strokeLens.length} strokes, ${points} points at ${spacing} heights → ${o.out}`,
  );
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));
