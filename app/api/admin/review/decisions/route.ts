import { requireAdmin } from "@/lib/auth";
import { db } from "@/lib/db";
import { loadActiveCharset } from "@/lib/models/active-model";
import { appModelStore } from "@/lib/models/server";
import { ReviewDecisionSchema } from "@/lib/retrain/review-queue";
import { apiError } from "@/lib/samples/api-error";
import { issuesMessage } from "@/lib/samples/validation-issues";
import { readJsonBody } from "@/lib/samples/read-json-body";
import { labelSchema } from "@/lib/samples/sample-submission-schema";

export const dynamic = "force-dynamic";

/**
 * Admin only: POST { ids: [...], status?: "approved" | "rejected" | "pending", label?: "..." }
 * → { updated }. Bulk approve/reject, or relabel one sample (the label is checked like a
 * submission's: trimmed, NFC, 1–200 characters, in the active model's charset).
 */
export async function POST(request: Request): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  const body = await readJsonBody(request, 64 * 1024);
  if (!body.ok) return apiError(body.status, body.body);
  const parsed = ReviewDecisionSchema.safeParse(body.value);
  if (!parsed.success) {
    return apiError(422, { error: "invalid_request", message: issuesMessage(parsed.error, "body") });
  }
  const { ids, status, label } = parsed.data;
  try {
    let newLabel: string | undefined;
    if (label !== undefined) {
      const checked = labelSchema(await loadActiveCharset(db, appModelStore())).safeParse(label);
      if (!checked.success) return apiError(422, { error: "invalid_request", message: issuesMessage(checked.error, "label") });
      newLabel = checked.data;
    }
    const result = await db.sample.updateMany({ where: { id: { in: ids } }, data: { ...(status ? { status } : {}), ...(newLabel !== undefined ? { label: newLabel } : {}) } });
    if (result.count === 0) return apiError(404, { error: "not_found", message: "None of those samples exists." });
    return Response.json({ updated: result.count, ...(newLabel !== undefined ? { label: newLabel } : {}) }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("admin/review/decisions failed", error);
    return apiError(503, { error: "unavailable", message: "The decision could not be saved; try again." });
  }
}
