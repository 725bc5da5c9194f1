import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { checkAdmin } from "../auth/require-admin";
import type { SiteOrigins } from "../auth/same-origin";
import { ADMIN_SESSION_COOKIE, createAdminSession } from "../auth/session";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";
import { adminRouteWrapper } from "./admin-route";
import { apiError, noStoreJson, validationFailed } from "./api-error";
import { parseJsonBody } from "./parse-json-body";
import { issuesMessage, truncate, validationIssues } from "./validation-issues";

const ORIGIN = "http://localhost";
const site: SiteOrigins = { origins: [ORIGIN], trustProxy: 0 };

describe("validationFailed: the one 422 body", () => {
  const schema = z.strictObject({ ids: z.array(z.string()).min(1), status: z.enum(["approved", "rejected"]) });
  const failure = () => schema.safeParse({ ids: [], status: "published" }).error!;

  it("answers 422 { error, message, issues } with the issues bounded and never cached", async () => {
    const response = validationFailed(failure(), { root: "body" });
    expect(response.status).toBe(422);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(["error", "issues", "message"]);
    expect(body.error).toBe("invalid_request");
    expect(body.issues.map((i: { path: string }) => i.path)).toEqual(["ids", "status"]);
    // Without a fixed sentence the message is the issues on one line, for the dashboard to show.
    expect(body.message).toBe(issuesMessage(failure(), "body"));
    expect(body.message).toMatch(/^ids: .+; status: .+/);
  });

  it("takes the sample API's code and a fixed message, and names the root of a path-less issue", async () => {
    const sample = await validationFailed(failure(), { code: "invalid_sample", message: "The sample is not valid; see issues." }).json();
    expect(sample).toMatchObject({ error: "invalid_sample", message: "The sample is not valid; see issues.", issues: [{ path: "ids" }, { path: "status" }] });
    const whole = z.string().safeParse(42).error!;
    expect((await validationFailed(whole, { root: "label" }).json()).message).toMatch(/^label: /);
  });
});

describe("parseJsonBody", () => {
  const schema = z.strictObject({ version: z.string().nullable() });
  const post = (body: string, type = "application/json") => new Request(`${ORIGIN}/x`, { method: "POST", body, headers: { "content-type": type } });
  const statusOf = async (request: Request, maxBytes = 100) => {
    const parsed = await parseJsonBody(request, schema, { maxBytes, message: 'Send { "version": … }.' });
    return parsed.ok ? parsed.value : { status: parsed.response.status, ...(await parsed.response.json()) };
  };

  it("gives the parsed value, or the 400/413/415/422 to answer with", async () => {
    expect(await statusOf(post('{"version":null}'))).toEqual({ version: null });
    expect(await statusOf(post('{"version":null}', "text/plain"))).toMatchObject({ status: 415, error: "unsupported_media_type" });
    expect(await statusOf(post("{nope"))).toMatchObject({ status: 400, error: "invalid_json" });
    expect(await statusOf(post(JSON.stringify({ version: "x".repeat(200) })))).toMatchObject({ status: 413, error: "body_too_large" });
    expect(await statusOf(post('{"version":7}'))).toEqual({ status: 422, error: "invalid_request", message: 'Send { "version": … }.', issues: [expect.objectContaining({ path: "version" })] });
  });
});

describe("validation issue shaping", () => {
  it("bounds paths, messages, characters and the number of issues", () => {
    const schema = z.strictObject({ a: z.array(z.number()) });
    const result = schema.safeParse({ ["x".repeat(10_000)]: 1, a: Array(100).fill("no") });
    expect(result.success).toBe(false);
    const issues = validationIssues(result.error!);
    expect(issues).toHaveLength(20);
    for (const issue of issues) {
      expect(issue.path.length).toBeLessThanOrEqual(100);
      expect(issue.message.length).toBeLessThanOrEqual(200);
    }
    const message = issuesMessage(result.error!, "body");
    expect(message).toMatch(/\(and 81 more\)$/);
    expect(message.length).toBeLessThan(20 * 310);
    expect(truncate("ab😀cd", 4)).toBe("ab😀…");
    const record = z.record(z.string(), z.number()).safeParse({ ["y".repeat(5000)]: "not a number" });
    const [keyed] = validationIssues(record.error!);
    expect(keyed.path.length).toBeLessThanOrEqual(100);
    expect(keyed.path.startsWith("yyyy")).toBe(true);
  });
});

describe("apiError and noStoreJson", () => {
  it("are JSON, never cached, with extra headers kept", async () => {
    const error = apiError(503, { error: "unavailable", message: "down" }, { "Retry-After": "1" });
    expect([error.status, error.headers.get("cache-control"), error.headers.get("retry-after")]).toEqual([503, "no-store", "1"]);
    const ok = noStoreJson({ outcome: "requested" }, 202);
    expect([ok.status, ok.headers.get("cache-control"), await ok.json()]).toEqual([202, "no-store", { outcome: "requested" }]);
  });
});

describe("withAdmin, with the real admin gate on a real database", () => {
  let database: TestDatabase;
  let cookie: string;
  beforeAll(async () => {
    database = await createTestDatabase("with_admin");
    const { token } = await createAdminSession(database.client);
    cookie = `${ADMIN_SESSION_COOKIE}=${token}`;
  }, 120_000);
  afterAll(() => database?.drop());

  const withAdmin = adminRouteWrapper((request) => checkAdmin(request, database.client, site));
  const request = (method: string, headers: Record<string, string>) => new Request(`${ORIGIN}/api/admin/thing/7`, { method, headers });
  const echo = withAdmin<{ params: Promise<{ id: string }> }>(
    async (req, { params }) => noStoreJson({ method: req.method, id: (await params).id }),
    { unavailable: "The thing cannot be read right now." },
  );
  const context = { params: Promise.resolve({ id: "7" }) };

  it("runs the handler for a signed-in admin, with its route context", async () => {
    const response = await echo(request("GET", { cookie }), context);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: "GET", id: "7" });
    expect((await echo(request("POST", { cookie, origin: ORIGIN }), context)).status).toBe(200);
    expect((await echo(request("PATCH", { cookie, "sec-fetch-site": "same-origin" }), context)).status).toBe(200);
  });

  it("answers 401 without a session or with an unknown one, and never runs the handler", async () => {
    const handler = vi.fn(async () => noStoreJson({}));
    const route = withAdmin(handler, { unavailable: "x" });
    for (const headers of [{}, { cookie: `${ADMIN_SESSION_COOKIE}=${"A".repeat(43)}` }] as Record<string, string>[]) {
      const response = await route(request("GET", headers));
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: "unauthorized" });
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it("answers 403 to a mutation from another site (CSRF), but lets a cross-site read through", async () => {
    for (const headers of [{ cookie, origin: "https://evil.example" }, { cookie, "sec-fetch-site": "cross-site" }, { cookie }] as Record<string, string>[]) {
      const response = await echo(request("POST", headers), context);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: "forbidden" });
    }
    expect((await echo(request("GET", { cookie, origin: "https://evil.example" }), context)).status).toBe(200);
  });

  it("maps a throwing handler to 503 with the route's message, and passes the handler's own answers through", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const failing = withAdmin(
      async () => {
        throw new Error("database is locked");
      },
      { unavailable: "The thing cannot be read right now." },
    );
    const response = await failing(request("GET", { cookie }));
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ error: "unavailable", message: "The thing cannot be read right now." });
    expect(error).toHaveBeenCalledWith("GET /api/admin/thing/7 failed", expect.any(Error));
    error.mockRestore();

    const invalid = withAdmin(async () => validationFailed(z.number().safeParse("7").error!, { root: "query" }), { unavailable: "x" });
    const answer = await invalid(request("GET", { cookie }));
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: "invalid_request", issues: [{ path: "" }] });
  });

  it("answers 503 when sessions cannot be read, instead of letting the request through", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const unreachable = { adminSession: { findUnique: () => Promise.reject(new Error("connection refused")) } } as unknown as typeof database.client;
    const handler = vi.fn(async () => noStoreJson({}));
    const route = adminRouteWrapper((req) => checkAdmin(req, unreachable, site))(handler, { unavailable: "x" });
    const response = await route(request("GET", { cookie }));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: "unavailable" });
    expect(handler).not.toHaveBeenCalled();
    error.mockRestore();
  });
});
