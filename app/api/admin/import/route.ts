import { db } from "@/lib/db";
import { withAdmin } from "@/lib/http/with-admin";
import { loadActiveCharset } from "@/lib/models/active-model";
import { appModelStore } from "@/lib/models/server";
import { handleImportRequest } from "@/lib/samples/import-request";

export const dynamic = "force-dynamic";

/**
 * Admin only: POST ?format=jsonl|inkml|iam&status=pending|approved with the file as the body →
 * { stored, alreadyStored, rejected: [{ line, reason }], rejectedCount } (lib/samples/import-request.ts).
 */
export const POST = withAdmin((request) => handleImportRequest(request, { db, charset: () => loadActiveCharset(db, appModelStore()) }), {
  unavailable: "The import could not be stored right now; the records stored so far are kept whole, so import the file again to finish.",
});
