import { describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { clientAddress } from "./client-address";
import { installPeerAddressStamp, PEER_ADDRESS_HEADER, peerAddress, peerAddressHeaders, peerAddressHeaderValue } from "./peer-address";
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
  it("is the TCP peer by default, whatever X-Forwarded-For the client sends", () => {
    // Before: the last X-Forwarded-For entry, so every request could pick its own key.
    const headers = new Headers({ ...peerAddressHeaders("198.51.100.7"), "x-forwarded-for": "203.0.113.9, 10.0.0.2" });
    expect(clientAddress(headers)).toBe("198.51.100.7");
    expect(clientAddress(headers, 0)).toBe("198.51.100.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "10.0.0.2" }))).toBe("unknown");
    expect(clientAddress(new Headers())).toBe("unknown");
  });

  it("walks TRUST_PROXY hops back through X-Forwarded-For", () => {
    const headers = new Headers({ ...peerAddressHeaders("10.0.0.1"), "x-forwarded-for": "203.0.113.9, 198.51.100.3" });
    expect(clientAddress(headers, 1)).toBe("198.51.100.3");
    expect(clientAddress(headers, 2)).toBe("203.0.113.9");
    expect(clientAddress(headers, 5)).toBe("203.0.113.9"); // shorter than the trust: the furthest entry
    expect(clientAddress(new Headers(peerAddressHeaders("10.0.0.1")), 1)).toBe("10.0.0.1");
  });

  it("ignores a peer-address header that does not carry this process's token", () => {
    expect(peerAddress(new Headers({ [PEER_ADDRESS_HEADER]: "guess 192.0.2.1" }))).toBeUndefined();
    expect(peerAddress(new Headers({ [PEER_ADDRESS_HEADER]: "192.0.2.1" }))).toBeUndefined();
    expect(peerAddress(new Headers(peerAddressHeaders("192.0.2.1")))).toBe("192.0.2.1");
  });
});

describe("installPeerAddressStamp", () => {
  it("stamps each request of a real HTTP server with its socket address, overwriting a forged one", async () => {
    installPeerAddressStamp();
    const server = http.createServer((req, res) => {
      const headers = new Headers(req.headers as Record<string, string>);
      res.end(JSON.stringify({ peer: peerAddress(headers), client: clientAddress(headers), forwarded: req.headers["x-forwarded-for"] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const forged = peerAddressHeaderValue("203.0.113.66"); // even with the right token
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "203.0.113.5", [PEER_ADDRESS_HEADER]: forged } });
      expect(await response.json()).toEqual({ peer: "127.0.0.1", client: "127.0.0.1", forwarded: "203.0.113.5" });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
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
