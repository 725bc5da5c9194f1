import type { PrismaClient, TrainingRun } from "../db";
import type { RetrainConfig } from "./retrain-config";
import { RunProgressSchema } from "./run-progress";

type RunDb = Pick<PrismaClient, "trainingRun" | "$transaction">;

/** A run whose job has not written a heartbeat for this long is taken to be dead. */
export const STALE_HEARTBEAT_MS = 60_000;
/** A run whose job died this many times is failed instead of resumed again. */
export const MAX_ATTEMPTS = 3;

/** Adds a run to the queue; the supervisor starts it when no other run is running. */
export function enqueueRun(db: Pick<PrismaClient, "trainingRun">, config: RetrainConfig): Promise<TrainingRun> {
  return db.trainingRun.create({
    data: { status: "queued", config: JSON.stringify(config), progress: JSON.stringify(RunProgressSchema.parse({ message: "waiting for its turn" })) },
  });
}

/**
 * Marks the oldest queued run as running, but only when no run is running: one job at a time
 * across every app instance on the database. Serializable, so two instances claiming at the
 * same moment cannot both win (the loser gets null, or an error it may retry).
 */
export async function claimNextRun(db: RunDb, now = new Date()): Promise<TrainingRun | null> {
  return db.$transaction(
    async (tx) => {
      if ((await tx.trainingRun.count({ where: { status: "running" } })) > 0) return null;
      const next = await tx.trainingRun.findFirst({ where: { status: "queued" }, orderBy: { createdAt: "asc" } });
      if (!next) return null;
      const claimed = await tx.trainingRun.updateMany({
        where: { id: next.id, status: "queued" },
        data: { status: "running", startedAt: next.startedAt ?? now, heartbeatAt: now },
      });
      return claimed.count === 1 ? tx.trainingRun.findUnique({ where: { id: next.id } }) : null;
    },
    { isolationLevel: "Serializable" },
  );
}

export interface RecoveryOptions {
  now?: Date;
  staleMs?: number;
  maxAttempts?: number;
  /** Whether the run left a resumable checkpoint (its run folder). */
  hasCheckpoint(runId: string): boolean;
}

/**
 * Crash recovery: a "running" run whose heartbeat went stale lost its job (server restart,
 * crash, kill). With a checkpoint (and attempts left) it goes back to the queue and the next
 * job resumes exactly where the checkpoint stopped; otherwise it is marked failed. Either way
 * no model was published: versions are written only at the very end of a successful run.
 */
export async function recoverStaleRuns(db: Pick<PrismaClient, "trainingRun">, options: RecoveryOptions): Promise<{ resumed: string[]; failed: string[] }> {
  const now = options.now ?? new Date();
  const staleBefore = new Date(now.getTime() - (options.staleMs ?? STALE_HEARTBEAT_MS));
  const stale = await db.trainingRun.findMany({
    where: { status: "running", OR: [{ heartbeatAt: { lt: staleBefore } }, { heartbeatAt: null }] },
  });
  const out = { resumed: [] as string[], failed: [] as string[] };
  for (const run of stale) {
    const resumable = !run.cancelRequested && run.attempts < (options.maxAttempts ?? MAX_ATTEMPTS) && options.hasCheckpoint(run.id);
    const data = resumable
      ? { status: "queued" }
      : {
          status: run.cancelRequested ? "cancelled" : "failed",
          finishedAt: now,
          error: run.cancelRequested
            ? null
            : `The training job stopped without finishing (server restart or crash)${run.attempts >= (options.maxAttempts ?? MAX_ATTEMPTS) ? ` ${run.attempts} times` : " before its first checkpoint"}. The active model was not changed.`,
        };
    // Guarded on the stale heartbeat so a job that just came back to life is left alone.
    const done = await db.trainingRun.updateMany({ where: { id: run.id, status: "running", heartbeatAt: run.heartbeatAt }, data });
    if (done.count === 1) (resumable ? out.resumed : out.failed).push(run.id);
  }
  return out;
}

export type CancelOutcome = "cancelled" | "requested" | "finished" | "not_found";

/** Cancels a queued run at once; asks a running one's job to stop (it checks every few seconds). */
export async function requestCancel(db: Pick<PrismaClient, "trainingRun">, id: string, now = new Date()): Promise<CancelOutcome> {
  const queued = await db.trainingRun.updateMany({ where: { id, status: "queued" }, data: { status: "cancelled", finishedAt: now } });
  if (queued.count) return "cancelled";
  const running = await db.trainingRun.updateMany({ where: { id, status: "running" }, data: { cancelRequested: true } });
  if (running.count) return "requested";
  return (await db.trainingRun.findUnique({ where: { id }, select: { id: true } })) ? "finished" : "not_found";
}

/** Marks a run that is still "running" as failed (its job process exited without finishing it). */
export async function failRun(db: Pick<PrismaClient, "trainingRun">, id: string, error: string, now = new Date()): Promise<boolean> {
  const r = await db.trainingRun.updateMany({ where: { id, status: "running" }, data: { status: "failed", error: error.slice(0, 4000), finishedAt: now } });
  return r.count === 1;
}
