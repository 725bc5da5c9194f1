import { requireAdmin } from "@/lib/auth";
import { db } from "@/lib/db";
import { requestCancel } from "@/lib/retrain/run-queue";
import { apiError } from "@/lib/samples/api-error";

export const dynamic = "force-dynamic";

/**
 * Admin only: cancels a run. A queued one is cancelled at once (200 { outcome: "cancelled" });
 * a running one's job is asked to stop and does within seconds (202 { outcome: "requested" }).
 */
export async function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  const { id } = await context.params;
  try {
    const outcome = await requestCancel(db, id);
    if (outcome === "not_found") return apiError(404, { error: "not_found", message: `No training run ${id}.` });
    if (outcome === "finished") return apiError(409, { error: "conflict", message: "The run has already finished." });
    return Response.json({ outcome }, { status: outcome === "requested" ? 202 : 200, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("admin/runs/[id]/cancel failed", error);
    return apiError(503, { error: "unavailable", message: "The run could not be cancelled; try again." });
  }
}
