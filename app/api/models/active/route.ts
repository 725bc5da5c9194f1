import { db } from "@/lib/db";
import { activeModelSources } from "./model-sources";
import { resolveActiveModel } from "./resolve-active-model";

// Asked on every page load: the answer changes when an admin activates a version.
export const dynamic = "force-dynamic";

/** GET /api/models/active → { version, url: "/models/<version>", source, metrics? } or 503 { error }. */
export async function GET(): Promise<Response> {
  const { status, body } = await resolveActiveModel(activeModelSources(db));
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}
