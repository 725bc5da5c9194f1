import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHARSET } from "@/lib/model/charset";
import { createRateLimiter } from "@/lib/rate-limit/token-bucket-limiter";
import { submitSample } from "@/lib/samples/submit-sample";
import { useAppTestDatabase } from "@/test-support/app-database";
import { peerAddressHeaders } from "@/lib/rate-limit/peer-address";

/**
 * Many clients at once on a real database: every accepted sample stored exactly once, none
 * lost, refusals (429) storing nothing. The per-client limit is set low (8 a minute) so the
 * run mixes accepted and refused submissions.
 */
const PER_CLIENT_LIMIT = 8;
const CLIENTS = 20;
const PER_CLIENT = 10;

const database = useAppTestDatabase("samples_concurrency", { env: { SAMPLES_RATE_LIMIT_PER_MINUTE: String(PER_CLIENT_LIMIT) } });
let route: typeof import("./route");

beforeAll(async () => {
  route = await import("./route");
}, 120_000);

function sampleBody(writerId: string, i: number) {
  const points = Array.from({ length: 40 }, (_, k) => ({ x: k * 3 + i, y: Math.sin(k / 4) * 20, t: k * 16 }));
  return { id: randomUUID(), ink: { version: 1, strokes: [{ points }] }, text: `sample ${i}`, writerId, source: "prompted", consent: true };
}

function request(body: unknown, address: string): Request {
  return new Request("http://localhost/api/samples", {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", ...peerAddressHeaders(address) },
  });
}

describe("concurrent submissions", () => {
  it(`${CLIENTS} parallel clients × ${PER_CLIENT} submissions: each accepted one stored once, none lost`, async () => {
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const writerId = `concurrent-writer-${c}-${randomUUID().slice(0, 8)}`;
        const address = `198.51.100.${c + 1}`;
        const outcomes: { id: string; status: number }[] = [];
        // Each client sends its submissions one after another, as a browser would; the clients race each other.
        for (let i = 0; i < PER_CLIENT; i++) {
          const body = sampleBody(writerId, i);
          const response = await route.POST(request(body, address));
          outcomes.push({ id: body.id, status: response.status });
          if (response.status === 429) expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        }
        return outcomes;
      }),
    );
    const elapsed = performance.now() - started;
    const all = results.flat();
    expect(all).toHaveLength(CLIENTS * PER_CLIENT);
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([201, 429]));
    const accepted = all.filter((r) => r.status === 201).map((r) => r.id);
    const refused = all.filter((r) => r.status === 429).map((r) => r.id);
    expect(accepted).toHaveLength(CLIENTS * PER_CLIENT_LIMIT);

    const rows = await database.client.sample.findMany({ select: { id: true } });
    const stored = rows.map((r) => r.id).sort();
    expect(stored).toEqual([...accepted].sort()); // exactly the accepted ones, each once
    expect(refused.some((id) => stored.includes(id))).toBe(false);
    console.log(`concurrency: ${all.length} submissions from ${CLIENTS} clients in ${elapsed.toFixed(0)} ms (${database.provider})`);
  }, 120_000);

  it("limits per TCP peer: a client rotating X-Forwarded-For gets no more submissions", async () => {
    const deps = { db: database.client, charset: async () => DEFAULT_CHARSET, clientLimiter: createRateLimiter({ limit: 1000, windowMs: 60_000 }), addressLimiter: createRateLimiter({ limit: 3, windowMs: 60_000 }) };
    const writerId = `rotating-writer-${randomUUID().slice(0, 8)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const req = request(sampleBody(writerId, i), "203.0.113.8");
      req.headers.set("x-forwarded-for", `198.51.100.${100 + i}`);
      statuses.push((await submitSample(req, deps)).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  }, 60_000);

  it("the same sample sent 10 times at once is stored once: one 201, the rest 200", async () => {
    const generous = () => createRateLimiter({ limit: 1000, windowMs: 60_000 });
    const deps = { db: database.client, charset: async () => DEFAULT_CHARSET, clientLimiter: generous(), addressLimiter: generous() };
    const body = sampleBody(`retrying-writer-${randomUUID().slice(0, 8)}`, 0);
    const before = await database.client.sample.count();
    const responses = await Promise.all(Array.from({ length: 10 }, () => submitSample(request(body, "203.0.113.7"), deps)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    for (const response of responses) expect((await response.json()).id).toBe(body.id);
    expect(await database.client.sample.count()).toBe(before + 1);
  }, 60_000);
});
