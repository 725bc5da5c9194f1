import type { z } from "zod";
import { issuesMessage, validationIssues, type ValidationIssue } from "./validation-issues";

/** The JSON body of every 4xx and 503 answer from the API. */
export interface ApiErrorBody {
  readonly error:
    | "invalid_json"
    | "unsupported_media_type"
    | "body_too_large"
    | "invalid_sample"
    | "invalid_request"
    | "conflict"
    | "rate_limited"
    | "unauthorized"
    | "forbidden"
    | "not_found"
    | "unavailable"
    /** A model promote that would raise base validation CER past the guard (send confirm: true). */
    | "base_regression";
  readonly message: string;
  /** Always there on a 422: what failed the schema, field by field. */
  readonly issues?: readonly ValidationIssue[];
  /** With "base_regression": the numbers behind it. */
  readonly guard?: { baseCer: number; candidateCer: number; relChange: number; against: string };
}

/** API answers are one client's view of live data: never cached, by the browser or a proxy. */
export const NO_STORE = { "Cache-Control": "no-store" } as const;

/** A JSON answer that is never cached. */
export function noStoreJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

export function apiError(status: number, body: ApiErrorBody, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export interface ValidationFailedOptions {
  /** `error` in the body; the sample API's documented code is "invalid_sample". */
  readonly code?: "invalid_request" | "invalid_sample";
  /** A fixed sentence; without one, the issues joined into one line (issuesMessage). */
  readonly message?: string;
  /** What an issue with an empty path is about in that line ("body", "query", "label"). */
  readonly root?: string;
}

/**
 * The 422 for a value that failed its Zod schema, in the one shape every route answers with and
 * README documents for POST /api/samples: { error, message, issues: [{ path, message, outOfCharset? }] },
 * issues bounded by ISSUE_LIMITS. The dashboard shows `message`; scripts read `issues`.
 */
export function validationFailed(error: z.ZodError, options: ValidationFailedOptions = {}): Response {
  const message = options.message ?? issuesMessage(error, options.root ?? "body");
  return apiError(422, { error: options.code ?? "invalid_request", message, issues: validationIssues(error) });
}
