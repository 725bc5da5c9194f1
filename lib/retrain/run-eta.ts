import type { RunPhase, RunProgress } from "./run-progress";

/** A step count seen at a moment (ms since the epoch). */
export interface StepMark {
  readonly step: number;
  readonly atMs: number;
}

/**
 * Seconds until `totalSteps`, at the average rate since `since`: (steps left) / (steps done per
 * second). Null while there is no rate yet (no step done since, or no time gone by) or no target.
 * `nowMs` may be later than `latest.atMs` (a page ticking between updates): the time already
 * spent on the next steps is taken off, never below zero.
 */
export function etaSeconds(since: StepMark, latest: StepMark, totalSteps: number, nowMs: number = latest.atMs): number | null {
  const done = latest.step - since.step;
  const seconds = (latest.atMs - since.atMs) / 1000;
  if (!(totalSteps > 0) || !(done > 0) || !(seconds > 0)) return null;
  const left = Math.max(0, totalSteps - latest.step);
  return Math.max(0, (left * seconds) / done - Math.max(0, nowMs - latest.atMs) / 1000);
}

/** What the dashboard's progress bar shows for a run. */
export interface RunEstimate {
  /** Of the training steps, 0–1; null while the amount of work is not known yet (queued, loading). */
  readonly fraction: number | null;
  /** Seconds until training ends; null when there is nothing to estimate from or training is over. */
  readonly etaSec: number | null;
  /** What the bar stands for now, in words. */
  readonly stage: string;
}

const STAGES: Record<RunPhase, string> = {
  queued: "waiting for its turn",
  loading: "loading data",
  training: "training",
  evaluating: "scoring the new weights",
  exporting: "writing the model files",
  personalizing: "adapting to each contributing writer's handwriting",
  done: "finished",
};

/**
 * The progress bar and ETA of a run from its progress record at `nowMs`: the fraction of steps
 * done, and the time left at the rate training has kept since it started (the job's
 * `trainingSince`), counted down between updates. Runs recorded before `trainingSince` existed
 * fall back to the job's own `etaSec`.
 */
export function runEstimate(status: string, progress: RunProgress, nowMs: number): RunEstimate {
  const stage = status === "queued" ? STAGES.queued : STAGES[progress.phase];
  const known = progress.totalSteps > 0;
  const fraction = known ? Math.min(1, Math.max(0, progress.step / progress.totalSteps)) : null;
  if (progress.phase === "queued" || progress.phase === "loading") return { fraction: null, etaSec: null, stage };
  if (progress.phase !== "training" || status !== "running") return { fraction: known ? 1 : null, etaSec: null, stage };
  const since = progress.trainingSince;
  const etaSec = since && progress.stepAtMs !== null ? etaSeconds(since, { step: progress.step, atMs: progress.stepAtMs }, progress.totalSteps, nowMs) : progress.etaSec;
  return { fraction, etaSec, stage };
}
