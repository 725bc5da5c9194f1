import { appReplaySet } from "@/lib/adapt/replay-set-source";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/**
 * GET /api/models/replay-set: the training writers' words that personal adaptation replays
 * (lib/adapt/replay-set.ts), as dataset JSONL. The same data gives the same set, so a day's
 * caching is safe; 503 when no training data is readable here.
 */
export async function GET(): Promise<Response> {
  try {
    const set = await appReplaySet(env.INKWELL_ROOT);
    if (set.count === 0) throw new Error("no training words to replay");
    return new Response(set.jsonl, {
      headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "public, max-age=86400", "X-Replay-Samples": String(set.count), "X-Content-Type-Options": "nosniff" },
    });
  } catch (error) {
    return Response.json({ error: "replay_set_unavailable", message: `The replay set cannot be read here: ${(error as Error).message}` }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
