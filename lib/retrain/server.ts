/**
 * The retraining machinery bound to the app's database and folders. Server only.
 * `retrainSupervisor()` starts (once per process) the loop that runs queued jobs and recovers
 * runs whose job died; admin routes and /api/models/active call it, so it is running as soon
 * as the app serves anything after a (re)start.
 */
import { db } from "../db";
import { env } from "../env";
import { RetrainSupervisor } from "./job-supervisor";

const globalCache = globalThis as typeof globalThis & { inkwellRetrainSupervisor?: RetrainSupervisor };

export function retrainSupervisor(): RetrainSupervisor {
  globalCache.inkwellRetrainSupervisor ??= new RetrainSupervisor({ db, root: env.INKWELL_ROOT, dataDir: env.DATA_DIR }).start();
  return globalCache.inkwellRetrainSupervisor;
}
