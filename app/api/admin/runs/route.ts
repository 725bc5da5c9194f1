import { db } from "@/lib/db";
import { noStoreJson } from "@/lib/http/api-error";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import { withAdmin } from "@/lib/http/with-admin";
import { RetrainConfigSchema } from "@/lib/retrain/retrain-config";
import { enqueueRun } from "@/lib/retrain/run-queue";
import { serializeRun, type RunListResponse, type RunResponse } from "@/lib/retrain/serialize-run";
import { retrainSupervisor } from "@/lib/retrain/server";

export const dynamic = "force-dynamic";

/** Admin only: the 30 latest training runs, newest first. */
export const GET = withAdmin(
  async () => {
    retrainSupervisor();
    const runs = await db.trainingRun.findMany({ orderBy: { createdAt: "desc" }, take: 30 });
    const answer: RunListResponse = { runs: runs.map(serializeRun) };
    return noStoreJson(answer);
  },
  { unavailable: "The training runs cannot be read right now." },
);

/**
 * Admin only: POST a retrain config (lib/retrain/retrain-config.ts) → 201 { run }. The run is
 * queued and started by the background supervisor when no other run is running; the request
 * returns at once (training never runs in a request).
 */
export const POST = withAdmin(
  async (request) => {
    const config = await parseJsonBody(request, RetrainConfigSchema, { maxBytes: 16 * 1024, root: "config" });
    if (!config.ok) return config.response;
    const run = await enqueueRun(db, config.value);
    void retrainSupervisor().tick();
    const answer: RunResponse = { run: serializeRun(run) };
    return noStoreJson(answer, 201);
  },
  { unavailable: "The run could not be queued; try again." },
);
