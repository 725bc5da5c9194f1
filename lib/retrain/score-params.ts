import type { ModelConfig } from "../model/config";
import { preprocessInk } from "../ink/preprocess";
import { type CompactSample, toInk } from "../training/dataset";
import { evaluate } from "../training/train";
import type { TextReader } from "../model/page-decoding";
import type { WorkerPool } from "../training/worker-pool";
import type { SetScore, ValidationScore } from "./eval-scores";

function prepared(samples: readonly CompactSample[], model: ModelConfig) {
  const out = { prepared: [] as { features: Float32Array; length: number; labels: number[] }[], texts: [] as string[] };
  for (const s of samples) {
    const f = preprocessInk(toInk(s), model.preprocess);
    if (f.steps === 0) continue;
    out.prepared.push({ features: f.features, length: f.steps, labels: [] });
    out.texts.push(s.text);
  }
  return out;
}

let versionCounter = 1_000_000;

/**
 * Error rates of `params` on `samples`, computed exactly the way train() validates (same
 * preprocessing, corpus-level rates, and the same reader: greedy unless `readText` is given),
 * so a parent model's score and a fine-tuned one's are comparable.
 */
export async function scoreSet(pool: WorkerPool, params: Float32Array, model: ModelConfig, samples: readonly CompactSample[], batchFrames: number, readText?: TextReader): Promise<SetScore & { charEdits: number; chars: number }> {
  const { rates: r } = await evaluate(pool, params, ++versionCounter, prepared(samples, model), model, batchFrames, readText);
  return { cer: r.cer, wer: r.wer, accuracy: r.accuracy, samples: r.samples, charEdits: r.charEdits, chars: r.chars };
}

/** Scores on the fixed validation set (words + lines), in train()'s EvalResult terms. */
export async function scoreValidation(
  pool: WorkerPool,
  params: Float32Array,
  model: ModelConfig,
  set: { valWords: readonly CompactSample[]; valLines: readonly CompactSample[] },
  batchFrames: number,
  readText?: TextReader,
): Promise<ValidationScore> {
  const w = await scoreSet(pool, params, model, set.valWords, batchFrames, readText);
  const l = await scoreSet(pool, params, model, set.valLines, batchFrames, readText);
  const chars = w.chars + l.chars;
  return { cer: chars ? (w.charEdits + l.charEdits) / chars : 0, wordCer: w.cer, wordWer: w.wer, wordAccuracy: w.accuracy, lineCer: l.cer, lineWer: l.wer };
}
