import type { ValidationIssue } from "./validation-issues";

/** The JSON body of every 4xx answer from the sample API. */
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
  readonly issues?: readonly ValidationIssue[];
  /** With "base_regression": the numbers behind it. */
  readonly guard?: { baseCer: number; candidateCer: number; relChange: number; against: string };
}

export function apiError(status: number, body: ApiErrorBody, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}
