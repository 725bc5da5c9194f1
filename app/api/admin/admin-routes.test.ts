import { randomUUID } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseDatasetJsonlLine } from "@/lib/ink/formats/dataset-jsonl-parse-line";
import { readInkml } from "@/lib/ink/formats/inkml/read-inkml";
import { IMPORT_LIMITS } from "@/lib/samples/import-limits";
import { peerAddressHeaders } from "@/lib/rate-limit/peer-address";
import { useAppTestDatabase } from "@/test-support/app-database";

/**
 * Admin routes on a real database: login/logout, CSRF, login rate limit, and every admin route
 * refusing unauthenticated requests. The inventory below is read from the file system, so a new
 * admin route that forgets requireAdmin fails here.
 */
const PASSWORD = "correct horse battery staple";
const ORIGIN = "http://localhost";
const APP = path.resolve(__dirname, "..", "..");

/** Routes that are public by design (they are how a session starts and ends). */
const PUBLIC_ADMIN_ROUTES = new Set(["api/admin/login/route.ts", "api/admin/logout/route.ts"]);
/** Admin routes outside app/api/admin. */
const OTHER_ADMIN_ROUTES = ["api/samples/export/route.ts"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function adminRouteFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") found.push(path.relative(APP, full));
    }
  };
  walk(path.join(APP, "api", "admin"));
  return [...found.filter((f) => !PUBLIC_ADMIN_ROUTES.has(f)), ...OTHER_ADMIN_ROUTES].sort();
}

/** A URL for a route file, with dynamic segments filled in. */
function urlFor(file: string): string {
  return `${ORIGIN}/${path.dirname(file).replace(/\[\.{0,3}(\w+)\]/g, "some-$1")}`;
}

const database = useAppTestDatabase("admin_routes", {
  env: { ADMIN_PASSWORD: PASSWORD, ADMIN_LOGIN_ATTEMPTS_PER_15_MINUTES: "5", PUBLIC_ORIGIN: `${ORIGIN},https://inkwell.example` },
});

/** A login from TCP peer `address` (as our server layer stamps it; see lib/rate-limit/peer-address.ts). */
function login(password: string, headers: Record<string, string> = { origin: ORIGIN }, address = "192.0.2.50", body: unknown = { password }): Promise<Response> {
  return import("./login/route").then(({ POST }) =>
    POST(new Request(`${ORIGIN}/api/admin/login`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...peerAddressHeaders(address), ...headers } })),
  );
}

/** Each session signs in from an address of its own, so that none is one the rate-limit tests used up. */
let sessionsSignedIn = 0;
async function sessionCookie(): Promise<string> {
  const response = await login(PASSWORD, { origin: ORIGIN }, `203.0.113.${++sessionsSignedIn}`);
  expect(response.status).toBe(200);
  return response.headers.get("set-cookie")!.split(";")[0];
}

describe("admin route inventory", () => {
  const files = adminRouteFiles();

  it("finds the admin routes", () => {
    expect(files).toContain("api/samples/export/route.ts");
    expect(files).toContain("api/admin/samples/[id]/route.ts");
  });

  it.each(files)("%s refuses every method without a session (401)", async (file) => {
    const mod = (await import(/* @vite-ignore */ path.join(APP, file))) as Record<string, unknown>;
    const handlers = METHODS.filter((m) => typeof mod[m] === "function");
    expect(handlers.length).toBeGreaterThan(0);
    for (const method of handlers) {
      const handler = mod[method] as (request: Request, context: unknown) => Promise<Response>;
      const request = new Request(urlFor(file), {
        method,
        headers: { origin: ORIGIN, "content-type": "application/json" },
        ...(method === "GET" ? {} : { body: "{}" }),
      });
      const response = await handler(request, { params: Promise.resolve({ id: "some-id" }) });
      expect(response.status, `${method} ${file}`).toBe(401);
    }
  });
});

describe("login and sessions", () => {
  it("sets an HttpOnly SameSite=Strict session cookie for the right password and 401s a wrong one", async () => {
    const wrong = await login("wrong password", { origin: ORIGIN }, "192.0.2.10");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const right = await login(PASSWORD, { origin: ORIGIN }, "192.0.2.10");
    expect(right.status).toBe(200);
    const cookie = right.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^inkwell_admin=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).not.toContain("Secure"); // plain http here
    // Only the token's hash is stored.
    const token = cookie.split(";")[0].split("=")[1];
    const rows = await database.client.adminSession.findMany();
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("marks the cookie Secure over https", async () => {
    // PUBLIC_ORIGIN names https://inkwell.example; a TLS-terminating proxy in front keeps the Host.
    const response = await login(PASSWORD, { origin: "https://inkwell.example", host: "inkwell.example" }, "192.0.2.11");
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toContain("Secure");
  });

  it("refuses a login whose Host is not a configured origin, even when Origin matches it (X-Forwarded-Host is not believed)", async () => {
    expect((await login(PASSWORD, { origin: "http://evil.example", host: "evil.example" }, "192.0.2.13")).status).toBe(403);
    expect((await login(PASSWORD, { origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" }, "192.0.2.13")).status).toBe(403);
  });

  it("refuses a cross-site login (CSRF) and one with neither Origin nor Sec-Fetch-Site", async () => {
    expect((await login(PASSWORD, { origin: "https://evil.example" }, "192.0.2.12")).status).toBe(403);
    expect((await login(PASSWORD, {}, "192.0.2.12")).status).toBe(403);
    expect((await login(PASSWORD, { "sec-fetch-site": "same-origin" }, "192.0.2.12")).status).toBe(200);
  });

  it("rate-limits login attempts per address (429 with Retry-After)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await login("guess " + i, { origin: ORIGIN }, "192.0.2.99")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await login(PASSWORD, { origin: ORIGIN }, "192.0.2.99");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("counts attempts against the TCP peer: a rotated X-Forwarded-For does not get more guesses", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await login("guess " + i, { origin: ORIGIN, "x-forwarded-for": `198.51.100.${i + 1}` }, "192.0.2.98")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it("a client cannot lock someone else out by naming their address in X-Forwarded-For", async () => {
    for (let i = 0; i < 10; i++) await login("", { origin: ORIGIN, "x-forwarded-for": "192.0.2.77" }, "203.0.113.200", {});
    expect((await login("", { origin: ORIGIN }, "203.0.113.200", {})).status).toBe(429); // the attacker locked itself out
    expect((await login(PASSWORD, { origin: ORIGIN }, "192.0.2.77")).status).toBe(200); // not the admin
  });

  it("bounds concurrent password checks: a flood from many addresses gets 503s, not an unbounded queue", async () => {
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`wrong ${i}`, { origin: ORIGIN }, `198.18.0.${i + 1}`)));
    const statuses = responses.map((r) => r.status);
    // Two checks run and eight wait; the rest are refused at once (a check that finishes while
    // the flood is still arriving frees a place, hence "at least").
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(10);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(15);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    expect(responses.find((r) => r.status === 503)!.headers.get("retry-after")).toBe("1");
    expect((await login(PASSWORD, { origin: ORIGIN }, "198.18.1.1")).status).toBe(200); // and it recovers
  });

  it("logout ends the session", async () => {
    const cookie = await sessionCookie();
    const { GET } = await import("../samples/export/route");
    const exportWith = (c: string) => GET(new Request(`${ORIGIN}/api/samples/export?format=jsonl`, { headers: { cookie: c } }));
    expect((await exportWith(cookie)).status).toBe(200);
    const { POST } = await import("./logout/route");
    const out = await POST(new Request(`${ORIGIN}/api/admin/logout`, { method: "POST", headers: { cookie, origin: ORIGIN } }));
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toContain("Max-Age=0");
    expect((await exportWith(cookie)).status).toBe(401);
  });
});

describe("review and export", () => {
  const writerId = `export-writer-${randomUUID().slice(0, 8)}`;
  const ids = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    const { POST } = await import("../samples/route");
    for (const [i, id] of ids.entries()) {
      const points = i === 0 ? [{ x: 0, y: 0, t: 0, p: 0.4 }, { x: 5, y: 1, t: 8, p: 0.6 }] : [{ x: 0, y: 0 }, { x: 5, y: 1 }];
      const body = { id, ink: { version: 1, strokes: [{ points }, { points: [{ x: 9, y: 9, ...(i === 0 ? { t: 40 } : {}) }] }] }, text: `word <${i}> & "more"`, writerId, source: "prompted", consent: true };
      const response = await POST(new Request(`${ORIGIN}/api/samples`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }));
      expect(response.status).toBe(201);
    }
  });

  async function patch(id: string, body: unknown, cookie: string, origin = ORIGIN): Promise<Response> {
    const { PATCH } = await import("./samples/[id]/route");
    return PATCH(new Request(`${ORIGIN}/api/admin/samples/${id}`, { method: "PATCH", body: JSON.stringify(body), headers: { cookie, origin, "content-type": "application/json" } }), {
      params: Promise.resolve({ id }),
    });
  }

  it("approves samples (PATCH), refusing cross-site requests, unknown ids and bad statuses", async () => {
    const cookie = await sessionCookie();
    expect((await patch(ids[0], { status: "approved" }, cookie, "https://evil.example")).status).toBe(403);
    expect((await patch(ids[0], { status: "published" }, cookie)).status).toBe(422);
    expect((await patch(randomUUID(), { status: "approved" }, cookie)).status).toBe(404);
    for (const id of ids.slice(0, 2)) {
      const response = await patch(id, { status: "approved" }, cookie);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ id, status: "approved" });
    }
    expect((await patch(ids[2], { status: "rejected" }, cookie)).status).toBe(200);
  });

  it("answers every admin 422 in the sample API's shape: { error, message, issues }", async () => {
    const cookie = await sessionCookie();
    const post = async (route: string, body: unknown) => {
      const { POST } = (await import(/* @vite-ignore */ `./${route}/route`)) as { POST: (request: Request) => Promise<Response> };
      return POST(new Request(`${ORIGIN}/api/admin/${route}`, { method: "POST", body: JSON.stringify(body), headers: { cookie, origin: ORIGIN, "content-type": "application/json" } }));
    };
    const answers = [
      await post("review/decisions", { ids: [], status: "published" }),
      await post("review/decisions", { ids: [ids[1]], label: "   " }),
      await post("runs", { epochs: 0 }),
      await post("versions/active", { version: 7 }),
      await patch(ids[1], { status: "published" }, cookie),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(422);
      const body = await answer.json();
      expect(Object.keys(body).sort()).toEqual(["error", "issues", "message"]);
      expect(body.error).toBe("invalid_request");
      expect(body.issues.length).toBeGreaterThan(0);
    }
    const { GET } = await import("./review/route");
    const query = await GET(new Request(`${ORIGIN}/api/admin/review?status=published`, { headers: { cookie } }));
    expect(query.status).toBe(422);
    expect(await query.json()).toMatchObject({ error: "invalid_request", message: expect.stringMatching(/^status: /), issues: [{ path: "status" }] });
  });

  it("relabels one sample and sets statuses in bulk through the review decisions", async () => {
    const cookie = await sessionCookie();
    const { POST } = await import("./review/decisions/route");
    const decide = (body: unknown) =>
      POST(new Request(`${ORIGIN}/api/admin/review/decisions`, { method: "POST", body: JSON.stringify(body), headers: { cookie, origin: ORIGIN, "content-type": "application/json" } }));
    const relabel = await decide({ ids: [ids[2]], label: '  word <2> & "more"  ' });
    expect(relabel.status).toBe(200);
    expect(await relabel.json()).toEqual({ updated: 1, label: 'word <2> & "more"' });
    expect((await decide({ ids: [randomUUID()], status: "approved" })).status).toBe(404);
    const bulk = await decide({ ids: [ids[2], randomUUID()], status: "rejected" });
    expect(await bulk.json()).toEqual({ updated: 1 });
  });

  it("lists previews in the review queue, serves the full ink per sample, and filters literally", async () => {
    const cookie = await sessionCookie();
    const { GET } = await import("./review/route");
    const review = async (query: string) => {
      const response = await GET(new Request(`${ORIGIN}/api/admin/review?status=all&${query}`, { headers: { cookie } }));
      expect(response.status).toBe(200);
      return (await response.json()) as { items: Record<string, unknown>[]; total: number };
    };
    const page = await review(`writer=${writerId}`);
    expect(page.total).toBe(3);
    for (const item of page.items) {
      expect(item).not.toHaveProperty("ink");
      expect(item).toHaveProperty("preview.version", 1);
      expect(item).toHaveProperty("pointCount", 3);
      // Read on the reading thread, within the page's wait.
      expect(item).toHaveProperty("reading", false);
      expect(item).toHaveProperty("transcription.text", expect.any(String));
    }
    expect((await review(`writer=${writerId}&q=%25`)).total).toBe(0); // "%" is not a wildcard
    expect((await review(`writer=${writerId.replace(/-/g, "_")}`)).total).toBe(0); // nor is "_"

    const { GET: getSample } = await import("./samples/[id]/route");
    const one = await getSample(new Request(`${ORIGIN}/api/admin/samples/${ids[0]}`, { headers: { cookie } }), { params: Promise.resolve({ id: ids[0] }) });
    expect(one.status).toBe(200);
    const sample = await one.json();
    expect(sample.ink.strokes[0].points[1]).toEqual({ x: 5, y: 1, t: 8, p: 0.6 });
    const missing = await getSample(new Request(`${ORIGIN}/api/admin/samples/nope`, { headers: { cookie } }), { params: Promise.resolve({ id: "nope" }) });
    expect(missing.status).toBe(404);
  });

  it("exports exactly the approved samples as dataset JSONL", async () => {
    const cookie = await sessionCookie();
    const { GET } = await import("../samples/export/route");
    const response = await GET(new Request(`${ORIGIN}/api/samples/export?format=jsonl`, { headers: { cookie } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/x-ndjson");
    const lines = (await response.text()).trim().split("\n");
    const records = lines.map((line, i) => {
      const parsed = parseDatasetJsonlLine(line, i + 1);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed));
      return parsed.sample;
    });
    expect(records.map((r) => r.id).sort()).toEqual(ids.slice(0, 2).sort());
    for (const record of records) {
      expect(record.writer).toBe(writerId);
      expect(record.text).toMatch(/^word <\d> & "more"$/);
    }
    expect((await GET(new Request(`${ORIGIN}/api/samples/export?format=csv`, { headers: { cookie } }))).status).toBe(400);
  });

  it("exports the approved samples as a tar of InkML files that tar and readInkml accept", async () => {
    const cookie = await sessionCookie();
    const { GET } = await import("../samples/export/route");
    const response = await GET(new Request(`${ORIGIN}/api/samples/export?format=inkml`, { headers: { cookie } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-tar");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-inkml-export-"));
    try {
      fs.writeFileSync(path.join(dir, "export.tar"), Buffer.from(await response.arrayBuffer()));
      execFileSync("tar", ["-xf", "export.tar"], { cwd: dir });
      const files = fs.readdirSync(path.join(dir, "inkwell-inkml", writerId)).sort();
      expect(files).toEqual(ids.slice(0, 2).map((id) => `${id}.inkml`).sort());
      const first = readInkml(fs.readFileSync(path.join(dir, "inkwell-inkml", writerId, `${ids[0]}.inkml`), "utf8"));
      expect(first.truth).toBe('word <0> & "more"');
      expect(first.ink.strokes.map((s) => s.points.length)).toEqual([2, 1]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("dataset import", () => {
  const importUrl = (query: string) => `${ORIGIN}/api/admin/import?${query}`;
  async function postImport(query: string, body: string, cookie: string, headers: Record<string, string> = {}): Promise<Response> {
    const { POST } = await import("./import/route");
    return POST(new Request(importUrl(query), { method: "POST", body, headers: { cookie, origin: ORIGIN, "content-type": "application/x-ndjson", ...headers } }));
  }
  const record = (n: number) => JSON.stringify({ id: `route-import/${n}`, text: `word ${n}`, writer: "route/writer", strokes: [[[0, 0, 0], [5, 2, 10]]] });

  it("stores a JSONL file's good records with the chosen status and answers the bad lines with reasons", async () => {
    const cookie = await sessionCookie();
    const response = await postImport("format=jsonl&status=approved", [record(1), "{broken", record(2), JSON.stringify({ id: "x" })].join("\n"), cookie);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ stored: 2, alreadyStored: 0, rejectedCount: 2 });
    expect(body.rejected.map((r: { line: number }) => r.line)).toEqual([2, 4]);
    const { db } = await import("@/lib/db");
    expect(await db.sample.count({ where: { source: "imported", status: "approved", label: { startsWith: "word " } } })).toBe(2);
  });

  it("refuses cross-site imports, bad queries, IAM-OnDB files and files over the limit before storing anything", async () => {
    const cookie = await sessionCookie();
    expect((await postImport("format=jsonl", record(3), cookie, { origin: "https://evil.example" })).status).toBe(403);
    const badFormat = await postImport("format=csv", record(3), cookie);
    expect(badFormat.status).toBe(422);
    expect((await badFormat.json()).issues[0].path).toBe("format");
    expect((await postImport("format=jsonl&status=rejected", record(3), cookie)).status).toBe(422);
    const iam = await postImport("format=iam", "<StrokeSet/>", cookie);
    expect(iam.status).toBe(422);
    expect((await iam.json()).message).toMatch(/no transcription/);
    const tooLarge = await postImport("format=jsonl", record(3), cookie, { "content-length": String(IMPORT_LIMITS.jsonl.maxBytes + 1) });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: "body_too_large", message: expect.stringMatching(/64 MiB/) });
    expect((await postImport("format=jsonl", record(3), cookie, { "content-encoding": "gzip" })).status).toBe(415);
    const { db } = await import("@/lib/db");
    expect(await db.sample.count({ where: { label: "word 3" } })).toBe(0);
  });
});
