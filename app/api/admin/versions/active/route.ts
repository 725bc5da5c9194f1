import { z } from "zod";
import { requireAdmin } from "@/lib/auth";
import { db } from "@/lib/db";
import { appModelStore } from "@/lib/models/server";
import { promoteVersion } from "@/lib/retrain/promote-version";
import { apiError } from "@/lib/samples/api-error";
import { readJsonBody } from "@/lib/samples/read-json-body";

export const dynamic = "force-dynamic";

const BodySchema = z.strictObject({
  version: z.string().min(1).max(64).nullable(),
  /** Promote even though base validation CER rises by more than 1% relative (the guard's 409 says by how much). */
  confirm: z.boolean().optional(),
});

/**
 * Admin only: POST { version } makes that version the active one (promote, or roll back to an
 * older one); { version: null } deactivates all, so the shipped default is served. Atomic:
 * exactly one version is active afterwards. The Write page picks it up on its next load.
 * A version that would raise the base validation CER by more than 1% relative answers 409
 * { error: "base_regression", guard } unless the body has confirm: true.
 */
export async function POST(request: Request): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  const body = await readJsonBody(request, 4096);
  if (!body.ok) return apiError(body.status, body.body);
  const parsed = BodySchema.safeParse(body.value);
  if (!parsed.success) return apiError(422, { error: "invalid_request", message: 'Send { "version": "<name>" } or { "version": null }.' });
  try {
    const result = await promoteVersion(db, appModelStore(), parsed.data.version, { confirm: parsed.data.confirm });
    if (!result.ok) {
      if (result.guard) return apiError(409, { error: "base_regression", message: result.message, guard: result.guard });
      return apiError(result.status, { error: result.status === 404 ? "not_found" : "conflict", message: result.message });
    }
    return Response.json({ active: result.active, note: result.note }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("admin/versions/active failed", error);
    return apiError(503, { error: "unavailable", message: "The active version could not be changed; try again." });
  }
}
