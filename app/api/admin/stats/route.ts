import { db } from "@/lib/db";
import { noStoreJson } from "@/lib/http/api-error";
import { withAdmin } from "@/lib/http/with-admin";
import { datasetStats } from "@/lib/retrain/dataset-stats";
import { loadActiveCharset } from "@/lib/models/active-model";
import { appModelStore } from "@/lib/models/server";

export const dynamic = "force-dynamic";

/** Admin only: samples by status and source, contributors, and charset coverage (rare characters). */
export const GET = withAdmin(async () => noStoreJson(await datasetStats(db, await loadActiveCharset(db, appModelStore()))), {
  unavailable: "The dataset statistics cannot be read right now.",
});
