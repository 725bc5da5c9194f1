import { db } from "@/lib/db";
import { apiError, noStoreJson } from "@/lib/http/api-error";
import { withAdmin } from "@/lib/http/with-admin";
import { serializeRun, type RunResponse } from "@/lib/retrain/serialize-run";

export const dynamic = "force-dynamic";

/** Admin only: one training run with its config, live progress and evaluations. */
export const GET = withAdmin<{ params: Promise<{ id: string }> }>(
  async (_request, { params }) => {
    const { id } = await params;
    const run = await db.trainingRun.findUnique({ where: { id } });
    if (!run) return apiError(404, { error: "not_found", message: `No training run ${id}.` });
    const answer: RunResponse = { run: serializeRun(run) };
    return noStoreJson(answer);
  },
  { unavailable: "The training run cannot be read right now." },
);
