/**
 * A counting semaphore with a bounded queue, for expensive work that must not pile up: password
 * checks (scrypt, ~0.1 s and 32 MiB each, on libuv's four-thread pool, which file reads share).
 * `acquire()` resolves to a release function at once while fewer than `max` are running, waits in
 * line while fewer than `maxWaiting` are waiting, and otherwise resolves to null: refuse the request.
 */
export interface ConcurrencyLimit {
  acquire(): Promise<(() => void) | null>;
  readonly active: number;
  readonly waiting: number;
}

export function createConcurrencyLimit(max: number, maxWaiting: number): ConcurrencyLimit {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a whole number ≥ 1 (got ${max})`);
  if (!Number.isInteger(maxWaiting) || maxWaiting < 0) throw new RangeError(`maxWaiting must be a whole number ≥ 0 (got ${maxWaiting})`);
  let active = 0;
  const queue: (() => void)[] = [];

  const permit = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.shift();
      if (next) next(); // the slot passes straight to the next in line
      else active--;
    };
  };

  return {
    acquire() {
      if (active < max) {
        active++;
        return Promise.resolve(permit());
      }
      if (queue.length >= maxWaiting) return Promise.resolve(null);
      return new Promise((resolve) => queue.push(() => resolve(permit())));
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
