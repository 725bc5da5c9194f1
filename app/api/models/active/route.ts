import { db } from "@/lib/db";
import { resolveActiveModel } from "@/lib/models/active-model";
import { appModelStore } from "@/lib/models/server";
import { retrainSupervisor } from "@/lib/retrain/server";

// Asked on every page load: the answer changes when an admin activates a version.
export const dynamic = "force-dynamic";

/**
 * GET /api/models/active → { version, url, source, metrics? } or 503 { error }. url is
 * "/models/<version>" for shipped versions and "/api/models/files/<version>" for trained ones.
 */
export async function GET(): Promise<Response> {
  // Every app load passes here, so after a restart the retraining supervisor starts (and
  // recovers interrupted runs) without waiting for an admin to open the dashboard.
  retrainSupervisor();
  const headers = { "Cache-Control": "no-store" };
  const active = await resolveActiveModel(db, appModelStore());
  if (!active.ok) return Response.json({ error: active.error }, { status: 503, headers });
  const { version, url, source, metrics } = active.model;
  return Response.json({ version, url, source, metrics }, { headers });
}
