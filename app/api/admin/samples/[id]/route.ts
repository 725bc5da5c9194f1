import { db } from "@/lib/db";
import { apiError, noStoreJson } from "@/lib/http/api-error";
import { parseJsonBody } from "@/lib/http/parse-json-body";
import { withAdmin } from "@/lib/http/with-admin";
import { loadActiveCharset } from "@/lib/models/active-model";
import { appModelStore } from "@/lib/models/server";
import { sampleWithInk, SetStatusBodySchema } from "@/lib/samples/admin-samples";
import { decideSamples } from "@/lib/samples/review-decisions";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const noSuchSample = (id: string) => apiError(404, { error: "not_found", message: `No sample ${id.slice(0, 100)}.` });

/** Admin only: one sample with its full ink (the review queue shows previews; this is "show full ink"). */
export const GET = withAdmin<Context>(
  async (_request, { params }) => {
    const { id } = await params;
    const sample = await sampleWithInk(db, id);
    return sample ? noStoreJson(sample) : noSuchSample(id);
  },
  { unavailable: "The sample cannot be read right now." },
);

/** Admin only: { status: "pending" | "approved" | "rejected" } for one sample → { id, status }. */
export const PATCH = withAdmin<Context>(
  async (request, { params }) => {
    const { id } = await params;
    const body = await parseJsonBody(request, SetStatusBodySchema, { maxBytes: 4096, message: 'Send { "status": "pending" | "approved" | "rejected" }.' });
    if (!body.ok) return body.response;
    const result = await decideSamples(db, { ids: [id], status: body.value.status }, () => loadActiveCharset(db, appModelStore()));
    if (result.outcome === "not_found") return noSuchSample(id);
    return noStoreJson({ id, status: body.value.status });
  },
  { unavailable: "The status could not be changed right now." },
);
