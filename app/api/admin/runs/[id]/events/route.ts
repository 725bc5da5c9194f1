import { db } from "@/lib/db";
import { apiError } from "@/lib/http/api-error";
import { withAdmin } from "@/lib/http/with-admin";
import { runEventStream } from "@/lib/retrain/run-event-stream";
import { retrainSupervisor } from "@/lib/retrain/server";

export const dynamic = "force-dynamic";

/**
 * Admin only: live progress of a run as server-sent events (lib/retrain/run-event-stream.ts):
 * a `run` event with the whole run view (status, step/epoch, ETA, loss curve, evaluations)
 * whenever it changed, until the run reaches succeeded/failed/cancelled.
 */
export const GET = withAdmin<{ params: Promise<{ id: string }> }>(
  async (request, { params }) => {
    const { id } = await params;
    const first = await db.trainingRun.findUnique({ where: { id } });
    if (!first) return apiError(404, { error: "not_found", message: `No training run ${id}.` });
    retrainSupervisor();
    return new Response(runEventStream(db, first, request.signal), {
      headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
    });
  },
  { unavailable: "The training run cannot be read right now." },
);
