import type { RateLimitDecision } from "./token-bucket-limiter";

/** The 429 answer for a refused request: a JSON body that says when to retry, and Retry-After. */
export function tooManyRequests(decision: RateLimitDecision, what: string): Response {
  return Response.json(
    {
      error: "rate_limited",
      message: `Too many ${what}; try again in ${decision.retryAfterSeconds} s.`,
      retryAfterSeconds: decision.retryAfterSeconds,
    },
    { status: 429, headers: { "Retry-After": String(decision.retryAfterSeconds), "Cache-Control": "no-store" } },
  );
}
