import { interceptServerRequests } from "./intercept-server-requests";

/**
 * Admits HTTP requests to the app one per event-loop turn, in the order they arrived.
 *
 * Why: since libuv 1.45 (Node 20) a listening socket accepts ONE connection per event-loop
 * iteration (libuv PR #3696, "don't accept() connections in a loop"). Under saturation every
 * iteration also runs the handlers of all the requests that arrived on established keep-alive
 * connections, so iterations get long and a new connection waits in the kernel's accept queue
 * for one whole round per connection ahead of it. `npm run soak` measured it: 50 connections
 * opened at once, the first request on each new connection waited 2.5 s (p50) while requests on
 * established connections took 0.2 s, and those first requests were the entire p99 tail.
 *
 * Deferring each 'request' event to its own setImmediate turn makes each iteration carry one
 * request's synchronous work, so the listening socket is polled (and one more connection
 * accepted) between any two requests: a new connection waits behind the requests already queued,
 * in arrival order, like everyone else. Throughput is unchanged (the same work, in a fair order).
 */
export interface TurnQueue {
  /** Runs `job` in a later event-loop turn, after the jobs admitted before it; one job per turn. */
  admit(job: () => void): void;
  /** Jobs waiting for their turn. */
  readonly waiting: number;
}

export function createTurnQueue(): TurnQueue {
  const jobs: (() => void)[] = [];
  let scheduled = false;
  const runNext = () => {
    const job = jobs.shift();
    // Schedule the next turn before running: a job that throws must not stall the queue. A
    // setImmediate made inside a setImmediate callback runs in the NEXT iteration, after a poll.
    if (jobs.length) setImmediate(runNext);
    else scheduled = false;
    job?.();
  };
  return {
    admit(job) {
      jobs.push(job);
      if (!scheduled) {
        scheduled = true;
        setImmediate(runNext);
      }
    },
    get waiting() {
      return jobs.length;
    },
  };
}

/**
 * Makes every HTTP(S) server in this process admit its requests through one turn queue (called
 * once at startup from instrumentation-node.ts, the same way as the peer-address stamp).
 * Idempotent. Only the 'request' event is deferred; everything else is emitted as before.
 */
export function installFairAdmission(queue: TurnQueue = createTurnQueue()): void {
  interceptServerRequests(Symbol.for("inkwell.fairAdmissionInstalled"), (_request, emit) => {
    queue.admit(emit);
    return true;
  });
}
