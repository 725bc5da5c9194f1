import { requireAdmin } from "@/lib/auth";
import { db } from "@/lib/db";
import { loadActiveCharset } from "@/lib/models/active-model";
import { appModelStore } from "@/lib/models/server";
import { datasetStats } from "@/lib/retrain/dataset-stats";
import { apiError } from "@/lib/samples/api-error";

export const dynamic = "force-dynamic";

/** Admin only: samples by status and source, contributors, and charset coverage (rare characters). */
export async function GET(request: Request): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  try {
    const stats = await datasetStats(db, await loadActiveCharset(db, appModelStore()));
    return Response.json(stats, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("admin/stats failed", error);
    return apiError(503, { error: "unavailable", message: "The dataset statistics cannot be read right now." });
  }
}
