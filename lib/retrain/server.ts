/**
 * The retraining machinery bound to the app's database and folders. Server only.
 * `retrainSupervisor()` starts (once per process) the loop that runs queued jobs and recovers
 * runs whose job died; admin routes and /api/models/active call it, so it is running as soon
 * as the app serves anything after a (re)start.
 */
import { databaseProvider, db } from "../db";
import { env } from "../env";
import { appModelStore } from "../models/server";
import { RetrainSupervisor } from "./job-supervisor";
import type { ReviewQuery } from "./review-queue";
import { reviewQueuePage, type ReviewQueuePage } from "./review-page";
import { Transcriber } from "./transcriber";

const globalCache = globalThis as typeof globalThis & { inkwellRetrainSupervisor?: RetrainSupervisor; inkwellTranscriber?: Transcriber };

export function retrainSupervisor(): RetrainSupervisor {
  globalCache.inkwellRetrainSupervisor ??= new RetrainSupervisor({ db, root: env.INKWELL_ROOT, dataDir: env.DATA_DIR, staleMs: env.RETRAIN_STALE_AFTER_SECONDS * 1000 }).start();
  return globalCache.inkwellRetrainSupervisor;
}

/**
 * The review queue's transcriber: one per process, kept on globalThis so that a dev-server reload
 * of the route does not drop the loaded model and the readings made so far.
 */
function reviewTranscriber(): Transcriber {
  globalCache.inkwellTranscriber ??= new Transcriber();
  return globalCache.inkwellTranscriber;
}

/** GET /api/admin/review's page on the app's database and model folders. */
export function appReviewQueuePage(query: ReviewQuery): Promise<ReviewQueuePage> {
  return reviewQueuePage({ db, provider: databaseProvider(env.DATABASE_URL), store: appModelStore(), transcriber: reviewTranscriber() }, query);
}
