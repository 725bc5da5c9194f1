import { requireAdmin } from "@/lib/auth";
import { db } from "@/lib/db";
import { exportApproved } from "@/lib/samples/admin-sample-routes";

export const dynamic = "force-dynamic";

/** Admin only: approved samples as dataset JSONL (?format=jsonl) or an InkML tar (?format=inkml), streamed. */
export async function GET(request: Request): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  return exportApproved(request, db);
}
