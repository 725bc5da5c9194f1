import { db } from "@/lib/db";
import { noStoreJson } from "@/lib/http/api-error";
import { withAdmin } from "@/lib/http/with-admin";
import { listVersions } from "@/lib/retrain/list-versions";
import { appModelStore } from "@/lib/models/server";

export const dynamic = "force-dynamic";

/** Admin only: every model version with its metrics, and which one visitors get now. */
export const GET = withAdmin(async () => noStoreJson(await listVersions(db, appModelStore())), {
  unavailable: "The model versions cannot be read right now.",
});
