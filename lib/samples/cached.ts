/**
 * A value recomputed at most every `ttlMs` (the charset and the character counts are read on
 * every prompt/submission, but change rarely). Concurrent callers share one load; a failed load
 * is not cached.
 */
export function cached<T>(load: () => Promise<T>, ttlMs: number, now: () => number = Date.now): { get(): Promise<T>; clear(): void } {
  let value: { at: number; promise: Promise<T> } | undefined;
  return {
    get() {
      const at = now();
      if (!value || at - value.at >= ttlMs) {
        const promise = load();
        const entry = { at, promise };
        value = entry;
        promise.catch(() => {
          if (value === entry) value = undefined;
        });
      }
      return value.promise;
    },
    clear() {
      value = undefined;
    },
  };
}
