import type { TrainingRun } from "../db";
import type { TrainingRunStatus } from "../db-enums";
import { RetrainConfigSchema, type RetrainConfig } from "./retrain-config";
import { type EvalPoint, parseEvalPoints, parseProgress, type RunProgress } from "./run-progress";

export interface RunView {
  id: string;
  status: string;
  config: RetrainConfig | null;
  progress: RunProgress;
  evals: EvalPoint[];
  error: string | null;
  cancelRequested: boolean;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** What GET /api/admin/runs answers with: the latest runs, newest first. */
export interface RunListResponse {
  runs: RunView[];
}

/** What GET /api/admin/runs/:id and POST /api/admin/runs answer with. */
export interface RunResponse {
  run: RunView;
}

/** A TrainingRun as the dashboard and the event stream see it (JSON columns parsed). */
export function serializeRun(run: TrainingRun): RunView {
  let config: RetrainConfig | null = null;
  try {
    const r = RetrainConfigSchema.safeParse(JSON.parse(run.config));
    config = r.success ? r.data : null;
  } catch {
    config = null;
  }
  return {
    id: run.id,
    status: run.status,
    config,
    progress: parseProgress(run.progress),
    evals: parseEvalPoints(run.epochMetrics),
    error: run.error,
    cancelRequested: run.cancelRequested,
    attempts: run.attempts,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

/** The statuses a run never leaves: its job is over, its event stream ends, the dashboard stops following it. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set<TrainingRunStatus>(["succeeded", "failed", "cancelled"]);
