import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CREDENTIAL_FILE, ensureAdminCredential, hashPassword, verifyPassword } from "./admin-credential";
import { loadEnv, publicOrigins } from "../env";
import { createConcurrencyLimit } from "./concurrency-limit";
import { crossSiteReason, isHttps } from "./same-origin";
import { readCookie, sessionCookie } from "./session";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-auth-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("admin credential", () => {
  it("verifies the right password and no other", async () => {
    const credential = await hashPassword("s3cret password");
    expect(credential.hash).not.toContain("s3cret");
    expect(await verifyPassword("s3cret password", credential)).toBe(true);
    expect(await verifyPassword("s3cret passwore", credential)).toBe(false);
    expect(await verifyPassword("", credential)).toBe(false);
  });

  it("generates a strong password once, stores only its hash (mode 0600), and announces it once", async () => {
    const messages: string[] = [];
    const dataDir = path.join(dir, "data");
    const first = await ensureAdminCredential({ dataDir, announce: (m) => messages.push(m) });
    const second = await ensureAdminCredential({ dataDir, announce: (m) => messages.push(m) });
    expect(second).toEqual(first);
    expect(messages).toHaveLength(1);
    const password = /generated admin password: (\S+)/.exec(messages[0])![1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const file = path.join(dataDir, CREDENTIAL_FILE);
    expect(fs.readFileSync(file, "utf8")).not.toContain(password);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await verifyPassword(password, first)).toBe(true);
  });

  it("uses ADMIN_PASSWORD when set and writes nothing", async () => {
    const dataDir = path.join(dir, "env-data");
    const credential = await ensureAdminCredential({ envPassword: "from the environment", dataDir, announce: () => expect.fail("must not announce") });
    expect(await verifyPassword("from the environment", credential)).toBe(true);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it("refuses a corrupted credential file instead of letting anyone in", async () => {
    const dataDir = path.join(dir, "corrupt");
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, CREDENTIAL_FILE), '{"algorithm":"none"}');
    await expect(ensureAdminCredential({ dataDir })).rejects.toThrow(/not a valid admin credential/);
  });
});

describe("CSRF check", () => {
  const site = { origins: publicOrigins(loadEnv({ PORT: "3000" })), trustProxy: 0 };
  const req = (method: string, headers: Record<string, string>) => new Request("http://localhost:3000/api/admin/x", { method, headers });
  it.each([
    ["GET", {}, null],
    ["POST", { origin: "http://localhost:3000" }, null],
    ["POST", { origin: "http://LOCALHOST:3000" }, null],
    ["PATCH", { "sec-fetch-site": "same-origin" }, null],
    ["POST", { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }, null],
    ["POST", { host: "[::1]:3000", "sec-fetch-site": "same-origin" }, null],
    ["POST", { origin: "http://localhost:3001" }, "not this site"],
    ["POST", { host: "127.0.0.1:3000", origin: "http://localhost:3000" }, "not this site"],
    ["DELETE", { origin: "null" }, "not this site"],
    ["POST", { "sec-fetch-site": "cross-site" }, "cross-site"],
    ["POST", {}, "neither Origin"],
  ] as const)("%s %j → %s", (method, headers, reason) => {
    const result = crossSiteReason(req(method, headers), site);
    if (reason === null) expect(result).toBeNull();
    else expect(result).toContain(reason);
  });

  it("compares with the configured origin, never with the request's own Host or X-Forwarded-Host", () => {
    // Before: the expected origin was built from Host / X-Forwarded-Host, so a client that wrote
    // both got through (DNS rebinding, or any non-browser client with a stolen cookie).
    const rebinding = req("POST", { host: "evil.example", origin: "http://evil.example" });
    expect(crossSiteReason(rebinding, site)).toMatch(/Host "evil.example" is not this site/);
    const forged = req("POST", { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", origin: "https://evil.example" });
    expect(crossSiteReason(forged, site)).toContain("not this site");
    expect(crossSiteReason(req("PATCH", { host: "evil.example", "sec-fetch-site": "same-origin" }), site)).toContain("is not this site");
  });

  it("uses PUBLIC_ORIGIN, and believes X-Forwarded-Host/-Proto only from TRUST_PROXY hops", () => {
    const behindProxy = { origins: publicOrigins(loadEnv({ PUBLIC_ORIGIN: "https://ink.example.org" })), trustProxy: 1 };
    const proxied = (headers: Record<string, string>) => new Request("http://10.0.0.5:3000/api/admin/x", { method: "POST", headers: { host: "10.0.0.5:3000", ...headers } });
    expect(crossSiteReason(proxied({ "x-forwarded-host": "ink.example.org", "x-forwarded-proto": "https", origin: "https://ink.example.org" }), behindProxy)).toBeNull();
    expect(isHttps(proxied({ "x-forwarded-host": "ink.example.org", "x-forwarded-proto": "https" }), behindProxy)).toBe(true);
    // The same headers without a trusted proxy: Host 10.0.0.5 is not the site.
    const direct = { ...behindProxy, trustProxy: 0 };
    expect(crossSiteReason(proxied({ "x-forwarded-host": "ink.example.org", "x-forwarded-proto": "https", origin: "https://ink.example.org" }), direct)).toContain("is not this site");
    // Nor is a client's X-Forwarded-Proto believed about TLS.
    expect(isHttps(req("POST", { "x-forwarded-proto": "https" }), site)).toBe(false);
    // An https PUBLIC_ORIGIN reached through a proxy that keeps Host: Secure cookies.
    expect(isHttps(new Request("http://ink.example.org/api/admin/login", { headers: { host: "ink.example.org" } }), direct)).toBe(true);
  });
});

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Strict, Path=/, Secure only when asked", () => {
    const expires = new Date(Date.now() + 3600_000);
    expect(sessionCookie("t", expires, false)).toMatch(/^inkwell_admin=t; Path=\/; HttpOnly; SameSite=Strict; Max-Age=(3599|3600)$/);
    expect(sessionCookie("t", expires, true)).toMatch(/; Secure$/);
    expect(readCookie("a=1; inkwell_admin=tok; b=2", "inkwell_admin")).toBe("tok");
    expect(readCookie(null, "inkwell_admin")).toBeUndefined();
  });
});

describe("concurrency limit (password checks)", () => {
  it("runs `max` at once, queues up to `maxWaiting`, refuses the rest, and hands slots on in order", async () => {
    const limit = createConcurrencyLimit(2, 1);
    const a = await limit.acquire();
    const b = await limit.acquire();
    expect(a && b).toBeTruthy();
    let thirdGot = false;
    const third = limit.acquire().then((release) => ((thirdGot = true), release));
    expect(await limit.acquire()).toBeNull(); // queue full
    expect([limit.active, limit.waiting]).toEqual([2, 1]);
    a!();
    a!(); // releasing twice frees one slot only
    const release3 = await third;
    expect(thirdGot).toBe(true);
    expect([limit.active, limit.waiting]).toEqual([2, 0]);
    b!();
    release3!();
    expect(limit.active).toBe(0);
  });
});
