import { requireAdmin } from "@/lib/auth";
import { databaseProvider, db } from "@/lib/db";
import { env } from "@/lib/env";
import { activeModelLocation } from "@/lib/models/active-model";
import { appModelStore } from "@/lib/models/server";
import { ReviewQuerySchema } from "@/lib/retrain/review-queue";
import { Transcriber, type Transcription } from "@/lib/retrain/transcriber";
import { apiError } from "@/lib/samples/api-error";
import { reviewListing } from "@/lib/samples/review-listing";
import { issuesMessage } from "@/lib/samples/validation-issues";

export const dynamic = "force-dynamic";

const globalCache = globalThis as typeof globalThis & { inkwellTranscriber?: Transcriber };
const transcriber = (globalCache.inkwellTranscriber ??= new Transcriber());
const provider = databaseProvider(env.DATABASE_URL);

/**
 * Admin only: GET /api/admin/review?status=pending|approved|rejected|all&q=<label>&writer=<id>&take=&after=
 * → { items: [{ id, label, writerId, source, status, createdAt, pointCount, preview, transcription: { text, cer } | null }], total, next, model }.
 * `preview` is a simplified polyline of at most 300 points (lib/ink/preview.ts); the full ink is
 * GET /api/admin/samples/:id. `q` and `writer` are literal substrings (`%` and `_` are not
 * wildcards). The transcription is the active model's (greedy) reading, with its CER against the
 * label, computed from the full ink once per sample and label (the transcriber caches it).
 */
export async function GET(request: Request): Promise<Response> {
  const admin = await requireAdmin(request);
  if (!admin.ok) return admin.response;
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = ReviewQuerySchema.safeParse(params);
  if (!query.success) {
    return apiError(422, { error: "invalid_request", message: issuesMessage(query.error, "query") });
  }
  try {
    const page = await reviewListing(db, provider, query.data);
    const model = await activeModelLocation(db, appModelStore());
    const items = [];
    for (const item of page.items) {
      let transcription: Transcription | null = null;
      const ink = page.inks.get(item.id);
      if (model && ink) {
        try {
          transcription = await transcriber.transcribe(model, { id: item.id, label: item.label, ink });
        } catch (error) {
          console.warn(`admin/review: could not transcribe ${item.id}`, error);
        }
      }
      items.push({ ...item, transcription });
    }
    return Response.json({ items, total: page.total, next: page.next, model: model?.version ?? null }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("admin/review failed", error);
    return apiError(503, { error: "unavailable", message: "The review queue cannot be read right now." });
  }
}
