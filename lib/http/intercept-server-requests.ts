import http from "node:http";
import https from "node:https";

type Emit = (event: string | symbol, ...args: unknown[]) => boolean;
type Store = typeof globalThis & Record<symbol, boolean | undefined>;

/**
 * Wraps the 'request' event of every HTTP(S) server in this process, Next's own included: Next
 * offers no hook that runs before its handlers with the Node request in hand. Every other event
 * goes to the original emit unchanged.
 *
 * `handle` gets the request and `emit`, which passes the event on (now or later); what it returns
 * is what the server's emit returns. Installed once per `key` in the process (the key lives on
 * globalThis, because Next bundles the instrumentation and each route separately), so calling
 * again does nothing and returns false. Wrappers installed later run first.
 */
export function interceptServerRequests(key: symbol, handle: (request: unknown, emit: () => boolean) => boolean): boolean {
  const store = globalThis as Store;
  if (store[key]) return false;
  store[key] = true;
  for (const Server of [http.Server, https.Server]) {
    const prototype = Server.prototype as { emit: Emit };
    const original = prototype.emit;
    prototype.emit = function emit(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
      if (event !== "request") return original.call(this, event, ...args);
      return handle(args[0], () => original.call(this, event, ...args));
    };
  }
  return true;
}
