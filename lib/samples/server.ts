/**
 * The sample API bound to the app's database and environment. Server only; route handlers in
 * app/api call these. Everything here is configuration: the logic lives in the modules it wires.
 */
import { db } from "../db";
import { env } from "../env";
import { createRateLimiter } from "../rate-limit/token-bucket-limiter";
import { loadActiveCharset } from "../models/active-model";
import { appModelStore } from "../models/server";
import { apiError } from "../http/api-error";
import { cached } from "./cached";
import { nextPrompt } from "./next-prompt";
import { countSamplesByWriter, labelCharacterCounts } from "./sample-queries";
import { WriterIdSchema } from "./sample-submission-schema";
import { submitSample } from "./submit-sample";

/** Per client (address + writer id). 30 a minute is one sample every 2 s, faster than anyone writes. */
const perClient = env.SAMPLES_RATE_LIMIT_PER_MINUTE ?? 30;
const clientLimiter = createRateLimiter({ limit: perClient, windowMs: 60_000 });
/** Per address, whatever the writer id: room for a classroom behind one NAT. */
const addressLimiter = createRateLimiter({ limit: perClient * 10, windowMs: 60_000 });

const activeCharset = cached(() => loadActiveCharset(db, appModelStore()), 60_000);
const characterCounts = cached(() => labelCharacterCounts(db), 30_000);

export function handleSubmitSample(request: Request): Promise<Response> {
  return submitSample(request, { db, charset: activeCharset.get, clientLimiter, addressLimiter, trustProxy: env.TRUST_PROXY });
}

/** GET /api/samples?writerId=…: 200 { writerId, contributions }. */
export async function handleContributionCount(request: Request): Promise<Response> {
  const writerId = WriterIdSchema.safeParse(new URL(request.url).searchParams.get("writerId"));
  if (!writerId.success) return apiError(400, { error: "invalid_request", message: "Give a writerId (8–64 letters, digits, '-' or '_')." });
  try {
    const contributions = await countSamplesByWriter(db, writerId.data);
    return Response.json({ writerId: writerId.data, contributions }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("samples: counting failed", error);
    return apiError(503, { error: "unavailable", message: "Counting is not possible right now." });
  }
}

export function handleNextPrompt(request: Request): Promise<Response> {
  return nextPrompt(request, { charset: activeCharset.get, counts: characterCounts.get });
}
