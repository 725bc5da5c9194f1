import type { Charset } from "../ctc/charset";
import type { PrismaClient } from "../db";
import { clientAddress } from "../rate-limit/client-address";
import type { RateLimiter } from "../rate-limit/token-bucket-limiter";
import { tooManyRequests } from "../rate-limit/too-many-requests";
import { apiError, NO_STORE, validationFailed } from "../http/api-error";
import { readJsonBody } from "../http/read-json-body";
import { countSamplesByWriter } from "./sample-queries";
import { createSampleSubmissionSchema, SUBMISSION_LIMITS } from "./sample-submission-schema";
import { storeSample } from "./store-sample";

export interface SubmitSampleDeps {
  readonly db: Pick<PrismaClient, "sample">;
  /** The active model's charset (labels are checked against it). */
  readonly charset: () => Promise<Charset>;
  /** Per client: keyed by address + writer id, after validation. */
  readonly clientLimiter: RateLimiter;
  /** Per address, before the body is read: bounds what one address can make the server parse. */
  readonly addressLimiter: RateLimiter;
  /** TRUST_PROXY: how many proxy hops' X-Forwarded-For to believe (default 0: the TCP peer). */
  readonly trustProxy?: number;
  readonly logError?: (message: string, error: unknown) => void;
}

/** What POST /api/samples answers with on success. */
export interface SubmitSampleResponse {
  readonly id: string;
  /** false when this id was stored before with the same content (a retried request). */
  readonly created: boolean;
  /** How many samples this writer has contributed, this one included. */
  readonly contributions: number;
}

/**
 * POST /api/samples. 201 stored, 200 already stored (same id, same content), 400 unreadable
 * body, 409 same id with other content, 413 too large, 415 not JSON, 422 invalid (the body names
 * each bad field), 429 too many (Retry-After), 503 database unavailable. Never 500; never a
 * partial row (one INSERT).
 */
export async function submitSample(request: Request, deps: SubmitSampleDeps): Promise<Response> {
  const logError = deps.logError ?? ((message, error) => console.error(message, error));
  const address = clientAddress(request.headers, deps.trustProxy ?? 0);
  const byAddress = deps.addressLimiter.consume(address);
  if (!byAddress.allowed) return tooManyRequests(byAddress, "submissions from this address");

  const body = await readJsonBody(request, SUBMISSION_LIMITS.maxBodyBytes);
  if (!body.ok) return apiError(body.status, body.body);

  let charset: Charset;
  try {
    charset = await deps.charset();
  } catch (error) {
    logError("samples: could not load the model charset", error);
    return apiError(503, { error: "unavailable", message: "The server cannot check labels right now; try again shortly." });
  }
  const parsed = createSampleSubmissionSchema(charset).safeParse(body.value);
  if (!parsed.success) {
    return validationFailed(parsed.error, { code: "invalid_sample", message: "The sample is not valid; see issues." });
  }
  const submission = parsed.data;

  const byClient = deps.clientLimiter.consume(`${address}|${submission.writerId}`);
  if (!byClient.allowed) return tooManyRequests(byClient, "submissions");

  try {
    const result = await storeSample(deps.db, submission);
    if (result.outcome === "conflict") {
      return apiError(409, { error: "conflict", message: `A different sample with id ${result.id} exists already; generate a new id.` });
    }
    const contributions = await countSamplesByWriter(deps.db, submission.writerId);
    const answer: SubmitSampleResponse = { id: result.id, created: result.outcome === "created", contributions };
    return Response.json(answer, { status: result.outcome === "created" ? 201 : 200, headers: NO_STORE });
  } catch (error) {
    logError("samples: storing a sample failed", error);
    return apiError(503, { error: "unavailable", message: "The sample could not be stored right now; try again shortly." });
  }
}
