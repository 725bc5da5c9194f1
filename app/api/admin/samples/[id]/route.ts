import { requireAdmin } from "@/lib/auth";
import { db } from "@/lib/db";
import { getSample, setStatus } from "@/lib/samples/admin-sample-routes";

export const dynamic = "force-dynamic";

/** Admin only: one sample with its full ink (the review queue shows previews; this is "show full ink"). */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  const { id } = await context.params;
  return getSample(id, db);
}

/** Admin only: { status: "pending" | "approved" | "rejected" } for one sample. */
export async function PATCH(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  const { id } = await context.params;
  return setStatus(request, id, db);
}
