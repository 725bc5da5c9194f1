import type { TrainConfig } from "../training/train";
import { preprocessInk } from "../ink/preprocess";
import { type CompactSample, toInk } from "../training/dataset";
import { fixedSubset } from "../training/unipen";

/**
 * About how many optimiser steps one epoch takes: train() packs length-sorted batches up to
 * `batchFrames` frames (and `maxBatch` samples), so it is items ÷ samples-per-batch, with the
 * typical sequence length measured on up to 200 of the samples. Used to evaluate about once
 * per epoch and to show a total for the progress bar; it is an estimate, never a limit.
 */
export function estimateStepsPerEpoch(samples: readonly CompactSample[], cfg: Pick<TrainConfig, "batchFrames" | "maxBatch" | "syntheticLineShare" | "model">): number {
  if (samples.length === 0) return 0;
  const probe = fixedSubset([...samples], 200, 5);
  const lengths = probe.map((s) => preprocessInk(toInk(s), cfg.model.preprocess).steps).filter((n) => n > 0).sort((a, b) => a - b);
  const typical = lengths.length ? lengths[Math.floor(lengths.length * 0.75)] : 1;
  const perBatch = Math.max(1, Math.min(cfg.maxBatch, Math.floor(cfg.batchFrames / Math.max(1, typical))));
  const words = samples.filter((s) => !s.text.includes(" ")).length;
  const items = samples.length + Math.round(cfg.syntheticLineShare * words);
  return Math.max(1, Math.ceil(items / perBatch));
}
