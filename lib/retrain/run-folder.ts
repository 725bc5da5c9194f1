import { existsSync } from "node:fs";
import path from "node:path";

/** Each run's working folder (checkpoint, data snapshot, log): <data>/retrain/runs/<id>. */
export function runFolder(dataDir: string, runId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(runId)) throw new Error(`invalid run id ${JSON.stringify(runId)}`);
  return path.join(dataDir, "retrain", "runs", runId);
}

/** Whether a run left a checkpoint that train() can resume from. */
export function hasCheckpoint(dataDir: string, runId: string): boolean {
  try {
    return existsSync(path.join(runFolder(dataDir, runId), "checkpoint", "state.json")) && existsSync(path.join(runFolder(dataDir, runId), "selection.json"));
  } catch {
    return false;
  }
}
