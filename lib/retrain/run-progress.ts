import { z } from "zod";
import { ValidationScoreSchema } from "./eval-scores";

/**
 * The live state of a run, as the job writes it to TrainingRun.progress and the dashboard reads
 * it (through server-sent events). Evaluations go to TrainingRun.epochMetrics (EvalPoint[]).
 */
export const RunPhaseSchema = z.enum(["queued", "loading", "training", "evaluating", "exporting", "personalizing", "done"]);
export type RunPhase = z.infer<typeof RunPhaseSchema>;

const finiteOrNull = z.number().nullable();

export const RunProgressSchema = z.object({
  phase: RunPhaseSchema.default("queued"),
  /** Human-readable line about what the job is doing right now. */
  message: z.string().default(""),
  step: z.number().int().default(0),
  /** Epoch as a fraction (1.5 = half-way through the second epoch). */
  epoch: z.number().default(0),
  epochs: z.number().int().default(0),
  /** Steps per epoch (estimated before training starts); total steps shown as the target. */
  stepsPerEpoch: z.number().int().default(0),
  totalSteps: z.number().int().default(0),
  loss: finiteOrNull.default(null),
  lr: finiteOrNull.default(null),
  samplesPerSec: finiteOrNull.default(null),
  /** Seconds until the run ends (all epochs or maxSteps), from the step rate since trainingSince (lib/retrain/run-eta.ts). */
  etaSec: finiteOrNull.default(null),
  /** Where this attempt's training began (the step before its first, and when): the origin of the ETA's rate. */
  trainingSince: z.object({ step: z.number().int(), atMs: z.number() }).nullable().default(null),
  /** When `step` was reached (ms since the epoch), so a page can count the ETA down between updates. */
  stepAtMs: finiteOrNull.default(null),
  /** [step, loss] pairs, thinned to at most LOSS_CURVE_POINTS (see appendToCurve). */
  losses: z.array(z.tuple([z.number(), z.number()])).default([]),
  data: z
    .object({
      newTrain: z.number().int(),
      heldOut: z.number().int(),
      base: z.number().int(),
      baseSource: z.string(),
      note: z.string(),
      validationSetId: z.string(),
      /** Notes (multi-line samples): split into their lines, or skipped because segmentation disagreed with the label. */
      multiLineSplit: z.number().int().default(0),
      multiLineSkipped: z.number().int().default(0),
    })
    .nullable()
    .default(null),
  /** The job's process, so an operator (or a test) can find it. */
  pid: z.number().int().nullable().default(null),
  /** The version this run produced (once exported). */
  version: z.string().nullable().default(null),
});
export type RunProgress = z.infer<typeof RunProgressSchema>;

/** One evaluation during a run: the validation scores at a step. */
export const EvalPointSchema = ValidationScoreSchema.extend({
  step: z.number().int(),
  epoch: z.number(),
  /** CER on the held-out new samples (fine-tunes); absent in older runs. */
  heldOutCer: z.number().nullable().optional(),
  /** Mean CTC loss on the held-out new samples, what a fine-tune's selection ranks by; absent in older runs. */
  heldOutLoss: z.number().nullable().optional(),
});
export type EvalPoint = z.infer<typeof EvalPointSchema>;

export const LOSS_CURVE_POINTS = 400;

/** Parses TrainingRun.progress; a malformed value reads as a fresh progress, never throws. */
export function parseProgress(text: string | null | undefined): RunProgress {
  try {
    const r = RunProgressSchema.safeParse(JSON.parse(text ?? "{}"));
    if (r.success) return r.data;
  } catch {
    // fall through
  }
  return RunProgressSchema.parse({});
}

/** Parses TrainingRun.epochMetrics, keeping only well-formed points. */
export function parseEvalPoints(text: string | null | undefined): EvalPoint[] {
  try {
    const raw = JSON.parse(text ?? "[]");
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((p) => {
      const r = EvalPointSchema.safeParse(p);
      return r.success ? [r.data] : [];
    });
  } catch {
    return [];
  }
}
