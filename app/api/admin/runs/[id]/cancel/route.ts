import { db } from "@/lib/db";
import { apiError, noStoreJson } from "@/lib/http/api-error";
import { withAdmin } from "@/lib/http/with-admin";
import { requestCancel } from "@/lib/retrain/run-queue";

export const dynamic = "force-dynamic";

/**
 * Admin only: cancels a run. A queued one is cancelled at once (200 { outcome: "cancelled" });
 * a running one's job is asked to stop and does within seconds (202 { outcome: "requested" }).
 */
export const POST = withAdmin<{ params: Promise<{ id: string }> }>(
  async (_request, { params }) => {
    const { id } = await params;
    const outcome = await requestCancel(db, id);
    if (outcome === "not_found") return apiError(404, { error: "not_found", message: `No training run ${id}.` });
    if (outcome === "finished") return apiError(409, { error: "conflict", message: "The run has already finished." });
    return noStoreJson({ outcome }, outcome === "requested" ? 202 : 200);
  },
  { unavailable: "The run could not be cancelled; try again." },
);
