import type { AugmentOptions } from "../ink/augment";
import { type AdapterPlanOptions, DEFAULT_PLAN_OPTIONS } from "./adapter-plan";

/** Personal adaptation's settings, each with the reason for its default. */
export interface AdaptConfig {
  /** What adapts (see adapter-plan.ts). */
  plan: AdapterPlanOptions;
  /** Fewer samples than this cannot say anything about a hand: refuse rather than adapt on noise. */
  minSamples: number;
  /**
   * Share of the samples held out to choose the epoch. 0 (the default) trains on every sample for
   * a fixed number of epochs: on 6 validation writers (not the benchmark's), all 50 samples for 12
   * epochs gave −18.5% CER against −13.7% for 40 samples with the epoch chosen on 10 held out.
   */
  heldOutShare: number;
  /** At least this many held out once there are ≥ minSamples, so the choice is not one sample's luck. */
  minHeldOut: number;
  /** Adam learning rate for the deltas: 1e-3 peaked after 3 epochs and then overfitted; 3e-4 is steadier. */
  lr: number;
  /** How the learning rate moves over the run: held constant, or a cosine from `lr` down to 0 at the last step. */
  lrSchedule: "constant" | "cosine";
  /** L2 pull of the deltas toward zero (toward the base model): keeps a few samples from rewriting it. */
  weightDecay: number;
  /**
   * Weight of KL(base ‖ adapted) on every training frame (kl-to-base.ts), 0 = off: keeps the
   * adapted posteriors near the base model's wherever the writer's labels do not say otherwise.
   * Costs one inference pass of the base model per sample and epoch.
   */
  klWeight: number;
  /**
   * Passes over the writer's samples. With greedy decoding on 6 writers, 12 looked best (−18.5%
   * against −16.1% at 18), but with the page's beam + LM on 8 writers (100 test words each) 18
   * epochs gave −29.9% against −26.1% for 12, and the page decodes with beam + LM.
   */
  epochs: number;
  /**
   * At least this many optimiser steps, whatever the sample count: with 20 samples, 18 epochs are
   * only ~54 steps, too few to move the delta (more epochs are added until the steps are reached).
   */
  minSteps: number;
  /** Stop after this much training time (the page's budget; the best epoch so far is kept). */
  maxSeconds: number;
  /**
   * Dropout on every layer's input while adapting; null = the base model's own (0.2, training's).
   * On 8 validation writers outside the benchmark's (130–200 test words each, the page's decoding):
   * 0 read the same as 0.2 (−29.0% against −29.2%), 0.4 lost most of the gain (−4.8% pooled on the
   * first five writers against −29.2% for all eight), so the adapted delta is sensitive to noise
   * in its few samples and more dropout is no regulariser here.
   */
  dropout: number | null;
  /** Frames per batch: small batches give more steps from few samples. */
  batchFrames: number;
  maxBatch: number;
  /** Global gradient-norm clip, as in training. */
  clipNorm: number;
  /** Random distortions of each sample every epoch: 50 inks look like many more. */
  augment: boolean;
  /**
   * Milder than training's: slant and width are part of the very hand being learned, so they
   * vary only a little; jitter and point thinning (device noise) keep training's ranges.
   */
  augmentation: AugmentOptions;
  /** How the held-out part picks the epoch: mean CTC loss (smooth, so 10 samples can tell epochs apart) or CER. */
  select: "loss" | "cer";
  /**
   * Words of the base model's training writers (replay-set.ts) mixed into every epoch, per
   * sample of the writer's own (0.5: 25 with 50 samples), drawn afresh each epoch: they keep the
   * letters this writer never showed from drifting. On 8 validation writers outside the
   * benchmark's, 0.5 gave −26.9% (the 300-word set) and −28.4% (2,000 words) against −20.5%
   * without; it costs half as much time again. 0 = off.
   */
  replayRatio: number;
  /**
   * How each epoch's replayed words are drawn: "uniform", or "coverage", which favours words with
   * the letters the writer's own samples show least (replayCoverageWeights: each word weighted by
   * the mean over its letters of 1/√(1 + that letter's count in the writer's texts)), the letters
   * that replay is there to keep. On 8 validation writers outside the benchmark's (50 + 130–200
   * words each, the page's decoding): −34.2% mean (−33.3% pooled) against −29.2% (−30.0%) drawn
   * uniformly; better for five writers, worse for one.
   */
  replayDraw: "uniform" | "coverage";
  seed: number;
}

export function defaultAdaptConfig(overrides: Partial<AdaptConfig> = {}): AdaptConfig {
  return {
    plan: DEFAULT_PLAN_OPTIONS,
    minSamples: 5,
    heldOutShare: 0,
    minHeldOut: 2,
    lr: 3e-4,
    lrSchedule: "constant",
    weightDecay: 1e-3,
    klWeight: 0,
    epochs: 18,
    minSteps: 126,
    maxSeconds: 55,
    dropout: null,
    batchFrames: 1600,
    maxBatch: 8,
    clipNorm: 5,
    augment: true,
    augmentation: { aspect: 0.05, shear: 0.08, rotate: 0.03, jitter: 0.01, thinProbability: 0.3 },
    select: "loss",
    replayRatio: 0.5,
    replayDraw: "coverage",
    seed: 1,
    ...overrides,
  };
}
