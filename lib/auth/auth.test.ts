import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CREDENTIAL_FILE, ensureAdminCredential, hashPassword, verifyPassword } from "./admin-credential";
import { crossSiteReason } from "./same-origin";
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
  const req = (method: string, headers: Record<string, string>) => new Request("http://localhost:3000/api/admin/x", { method, headers });
  it.each([
    ["GET", {}, null],
    ["POST", { origin: "http://localhost:3000" }, null],
    ["POST", { origin: "http://LOCALHOST:3000" }, null],
    ["PATCH", { "sec-fetch-site": "same-origin" }, null],
    ["POST", { origin: "http://localhost:3001" }, "not this site"],
    ["DELETE", { origin: "null" }, "not this site"],
    ["POST", { "sec-fetch-site": "cross-site" }, "cross-site"],
    ["POST", {}, "neither Origin"],
  ] as const)("%s %j → %s", (method, headers, reason) => {
    const result = crossSiteReason(req(method, headers));
    if (reason === null) expect(result).toBeNull();
    else expect(result).toContain(reason);
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
