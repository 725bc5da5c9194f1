import { db } from "@/lib/db";
import { appModelStore, retrainSupervisor } from "@/lib/retrain/server";
import { activeModelSources } from "./model-sources";
import { resolveActiveModel } from "./resolve-active-model";

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
  const { status, body } = await resolveActiveModel(activeModelSources(db, undefined, appModelStore().trainedDir));
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
