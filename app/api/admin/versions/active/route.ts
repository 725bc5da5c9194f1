import { db } from "@/lib/db";
import { apiError, noStoreJson } from "@/lib/http/api-error";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import { withAdmin } from "@/lib/http/with-admin";
import { promoteVersion, PromoteRequestSchema, type PromoteResponse } from "@/lib/retrain/promote-version";
import { appModelStore } from "@/lib/models/server";

export const dynamic = "force-dynamic";

/**
 * Admin only: POST { version } makes that version the active one (promote, or roll back to an
 * older one); { version: null } deactivates all, so the shipped default is served. Atomic:
 * exactly one version is active afterwards. The Write page picks it up on its next load.
 * A version that would raise the base validation CER by more than 1% relative answers 409
 * { error: "base_regression", guard } unless the body has confirm: true.
 */
export const POST = withAdmin(
  async (request) => {
    const promote = await parseJsonBody(request, PromoteRequestSchema, { maxBytes: 4096, message: 'Send { "version": "<name>" } or { "version": null }.' });
    if (!promote.ok) return promote.response;
    const result = await promoteVersion(db, appModelStore(), promote.value.version, { confirm: promote.value.confirm });
    if (!result.ok) {
      if (result.guard) return apiError(409, { error: "base_regression", message: result.message, guard: result.guard });
      return apiError(result.status, { error: result.status === 404 ? "not_found" : "conflict", message: result.message });
    }
    const answer: PromoteResponse = { active: result.active, note: result.note };
    return noStoreJson(answer);
  },
  { unavailable: "The active version could not be changed; try again." },
);
