/**
 * In-memory token-bucket rate limiter. Each key gets a bucket of `limit` tokens that refills
 * continuously over `windowMs`; a request takes one token or is refused with the time until one
 * is back. Buckets are per process: with several app instances each instance limits on its own
 * (good enough against a runaway client; a shared store would be needed for exact global limits).
 */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** Seconds until a request would be allowed again (0 when allowed); what Retry-After says. */
  readonly retryAfterSeconds: number;
}

export interface RateLimiterOptions {
  /** Requests allowed in a burst, and per window on average. */
  readonly limit: number;
  readonly windowMs: number;
  /** Most buckets kept; beyond that, full (idle) buckets and then the oldest are dropped. */
  readonly maxKeys?: number;
  readonly now?: () => number;
}

export interface RateLimiter {
  /** Takes one token for `key`. */
  consume(key: string): RateLimitDecision;
  /** Forgets every bucket (tests, config reload). */
  reset(): void;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { limit, windowMs } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`rate limit must be a whole number ≥ 1 (got ${limit})`);
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`rate-limit window must be > 0 ms (got ${windowMs})`);
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? Date.now;
  const refillPerMs = limit / windowMs;
  const buckets = new Map<string, Bucket>();

  function refilled(bucket: Bucket, at: number): number {
    return Math.min(limit, bucket.tokens + Math.max(0, at - bucket.updatedAt) * refillPerMs);
  }

  function prune(at: number): void {
    for (const [key, bucket] of buckets) if (refilled(bucket, at) >= limit) buckets.delete(key);
    // Map iterates in insertion order, so what is left to drop first is the longest-tracked.
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  }

  return {
    consume(key) {
      const at = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) prune(at);
        bucket = { tokens: limit, updatedAt: at };
        buckets.set(key, bucket);
      }
      bucket.tokens = refilled(bucket, at);
      bucket.updatedAt = at;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
      }
      const waitMs = (1 - bucket.tokens) / refillPerMs;
      return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    },
    reset() {
      buckets.clear();
    },
  };
}
