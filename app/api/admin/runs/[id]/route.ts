import { requireAdmin } from "@/lib/auth";
import { db } from "@/lib/db";
import { serializeRun } from "@/lib/retrain/serialize-run";
import { apiError } from "@/lib/samples/api-error";

export const dynamic = "force-dynamic";

/** Admin only: one training run with its config, live progress and evaluations. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  const { id } = await context.params;
  try {
    const run = await db.trainingRun.findUnique({ where: { id } });
    if (!run) return apiError(404, { error: "not_found", message: `No training run ${id}.` });
    return Response.json({ run: serializeRun(run) }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("admin/runs/[id] failed", error);
    return apiError(503, { error: "unavailable", message: "The training run cannot be read right now." });
  }
}
