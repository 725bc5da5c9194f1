import { db } from "@/lib/db";
import { withAdmin } from "@/lib/http/with-admin";
import { exportApproved } from "@/lib/samples/admin-samples";

export const dynamic = "force-dynamic";

/** Admin only: approved samples as dataset JSONL (?format=jsonl) or an InkML tar (?format=inkml), streamed. */
export const GET = withAdmin(async (request) => exportApproved(request, db), { unavailable: "The export cannot start right now." });
