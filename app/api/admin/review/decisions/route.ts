import { db } from "@/lib/db";
import { apiError, noStoreJson, validationFailed } from "@/lib/http/api-error";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import { withAdmin } from "@/lib/http/with-admin";
import { ReviewDecisionSchema } from "@/lib/retrain/review-queue";
import { loadActiveCharset } from "@/lib/models/active-model";
import { appModelStore } from "@/lib/models/server";
import { decideSamples, type SampleDecisionResponse } from "@/lib/samples/review-decisions";

export const dynamic = "force-dynamic";

/**
 * Admin only: POST { ids: [...], status?: "approved" | "rejected" | "pending", label?: "..." }
 * → { updated, label? }. Bulk approve/reject, or relabel one sample (the label is checked like a
 * submission's: trimmed, NFC, 1–200 characters, in the active model's charset).
 */
export const POST = withAdmin(
  async (request) => {
    const decision = await parseJsonBody(request, ReviewDecisionSchema, { maxBytes: 64 * 1024, root: "body" });
    if (!decision.ok) return decision.response;
    const result = await decideSamples(db, decision.value, () => loadActiveCharset(db, appModelStore()));
    if (result.outcome === "invalid_label") return validationFailed(result.error, { root: "label" });
    if (result.outcome === "not_found") return apiError(404, { error: "not_found", message: "None of those samples exists." });
    const answer: SampleDecisionResponse = { updated: result.updated, ...(result.label !== undefined ? { label: result.label } : {}) };
    return noStoreJson(answer);
  },
  { unavailable: "The decision could not be saved; try again." },
);
