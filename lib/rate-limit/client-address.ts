import { peerAddress } from "./peer-address";

/**
 * The client's address, for rate-limit and lock-out keys.
 *
 * With `trustProxy` 0 (TRUST_PROXY's default) it is the TCP peer, as stamped by our server layer
 * (peer-address.ts); X-Forwarded-For is ignored, because any client can write it. Behind N
 * trusted reverse proxies (TRUST_PROXY=N) the peer is the nearest proxy, each proxy appends the
 * address it saw, and the client is N entries back: [peer, ...X-Forwarded-For reversed][N], or the
 * furthest entry when the header is shorter (like Express's numeric "trust proxy").
 * "unknown" when no peer address was recorded (a request outside our server layer).
 */
export function clientAddress(headers: Headers, trustProxy = 0): string {
  const peer = peerAddress(headers) ?? "unknown";
  if (trustProxy <= 0) return peer;
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const hops = [peer, ...forwarded.reverse()];
  return hops[Math.min(trustProxy, hops.length - 1)].slice(0, 64);
}
