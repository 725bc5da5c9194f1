import { noStoreJson, validationFailed } from "@/lib/http/api-error";
import { withAdmin } from "@/lib/http/with-admin";
import { ReviewQuerySchema } from "@/lib/retrain/review-queue";
import { appReviewQueuePage } from "@/lib/retrain/server";

export const dynamic = "force-dynamic";

/**
 * Admin only: GET /api/admin/review?status=pending|approved|rejected|all&q=<label>&writer=<id>&take=&after=
 * → { items: [{ id, label, writerId, source, status, createdAt, pointCount, preview, transcription: { text, cer } | null }], total, next, model }
 * (lib/retrain/review-page.ts). `preview` is a simplified polyline of at most 300 points
 * (lib/ink/preview.ts); the full ink is GET /api/admin/samples/:id. `q` and `writer` are literal
 * substrings (`%` and `_` are not wildcards). The transcription is the active model's (greedy)
 * reading, with its CER against the label, computed once per sample and label.
 */
export const GET = withAdmin(
  async (request) => {
    const query = ReviewQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return validationFailed(query.error, { root: "query" });
    return noStoreJson(await appReviewQueuePage(query.data));
  },
  { unavailable: "The review queue cannot be read right now." },
);
