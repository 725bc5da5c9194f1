import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";
import { createRateLimiter } from "./token-bucket-limiter";
import { tooManyRequests } from "./too-many-requests";

describe("createRateLimiter", () => {
  it("allows a burst of `limit`, then refuses with the wait until one token is back", () => {
    let t = 0;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: () => t });
    expect([1, 2, 3].map(() => limiter.consume("a").allowed)).toEqual([true, true, true]);
    const refused = limiter.consume("a");
    expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 20 });
    // Other keys are independent.
    expect(limiter.consume("b").allowed).toBe(true);
    t = 19_999;
    expect(limiter.consume("a").allowed).toBe(false);
    t = 40_000; // refusals do not cost tokens: 40 s refill 2 tokens
    expect(limiter.consume("a")).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.consume("a").allowed).toBe(true);
    expect(limiter.consume("a").allowed).toBe(false);
  });

  it("never tracks more than maxKeys buckets, dropping idle ones first", () => {
    let t = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 1000, maxKeys: 2, now: () => t });
    expect(limiter.consume("a").allowed).toBe(true);
    expect(limiter.consume("b").allowed).toBe(true);
    expect(limiter.consume("c").allowed).toBe(true); // evicts the oldest, "a"
    expect(limiter.consume("a").allowed).toBe(true);
    t = 10_000;
    expect(limiter.consume("d").allowed).toBe(true);
  });

  it("rejects nonsense settings", () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1 })).toThrow(RangeError);
    expect(() => createRateLimiter({ limit: 1, windowMs: Number.NaN })).toThrow(RangeError);
  });
});

describe("clientAddress", () => {
  it("takes the nearest hop's X-Forwarded-For entry", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" }))).toBe("10.0.0.2");
    expect(clientAddress(new Headers({ "x-forwarded-for": "::1" }))).toBe("::1");
    expect(clientAddress(new Headers())).toBe("unknown");
  });
});

describe("tooManyRequests", () => {
  it("answers 429 with Retry-After and a JSON body", async () => {
    const response = tooManyRequests({ allowed: false, remaining: 0, retryAfterSeconds: 7 }, "submissions");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(await response.json()).toMatchObject({ error: "rate_limited", retryAfterSeconds: 7 });
  });
});
