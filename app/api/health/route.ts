import { db } from "@/lib/db";
import { checkHealth } from "./check";

// Always ask the database at request time; a health answer baked in at build time would lie.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const { httpStatus, body } = await checkHealth(db);
  return Response.json(body, { status: httpStatus, headers: { "Cache-Control": "no-store" } });
}
