import { requireAdmin } from "@/lib/auth";
import { db } from "@/lib/db";
import { RetrainConfigSchema } from "@/lib/retrain/retrain-config";
import { enqueueRun } from "@/lib/retrain/run-queue";
import { serializeRun } from "@/lib/retrain/serialize-run";
import { retrainSupervisor } from "@/lib/retrain/server";
import { apiError } from "@/lib/samples/api-error";
import { issuesMessage } from "@/lib/samples/validation-issues";
import { readJsonBody } from "@/lib/samples/read-json-body";

export const dynamic = "force-dynamic";

/** Admin only: the 30 latest training runs, newest first. */
export async function GET(request: Request): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  retrainSupervisor();
  try {
    const runs = await db.trainingRun.findMany({ orderBy: { createdAt: "desc" }, take: 30 });
    return Response.json({ runs: runs.map(serializeRun) }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("admin/runs failed", error);
    return apiError(503, { error: "unavailable", message: "The training runs cannot be read right now." });
  }
}

/**
 * Admin only: POST a retrain config (lib/retrain/retrain-config.ts) → 201 { run }. The run is
 * queued and started by the background supervisor when no other run is running; the request
 * returns at once (training never runs in a request).
 */
export async function POST(request: Request): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  const body = await readJsonBody(request, 16 * 1024);
  if (!body.ok) return apiError(body.status, body.body);
  const parsed = RetrainConfigSchema.safeParse(body.value);
  if (!parsed.success) {
    return apiError(422, { error: "invalid_request", message: issuesMessage(parsed.error, "config") });
  }
  try {
    const run = await enqueueRun(db, parsed.data);
    void retrainSupervisor().tick();
    return Response.json({ run: serializeRun(run) }, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("admin/runs POST failed", error);
    return apiError(503, { error: "unavailable", message: "The run could not be queued; try again." });
  }
}
