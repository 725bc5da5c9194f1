import { requireAdmin } from "@/lib/auth";
import { db } from "@/lib/db";
import { appModelStore } from "@/lib/models/server";
import { listVersions } from "@/lib/retrain/list-versions";
import { apiError } from "@/lib/samples/api-error";

export const dynamic = "force-dynamic";

/** Admin only: every model version with its metrics, and which one visitors get now. */
export async function GET(request: Request): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  try {
    return Response.json(await listVersions(db, appModelStore()), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("admin/versions failed", error);
    return apiError(503, { error: "unavailable", message: "The model versions cannot be read right now." });
  }
}
