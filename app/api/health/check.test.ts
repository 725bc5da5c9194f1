import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { checkHealth } from "./check";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-health-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("checkHealth", () => {
  it("reports a reachable database with 200", async () => {
    const client = createPrismaClient(`file:${path.join(dir, "health.db")}`);
    try {
      const result = await checkHealth(client);
      expect(result.httpStatus).toBe(200);
      expect(result.body).toMatchObject({ status: "ok", db: "reachable" });
      expect(Number.isFinite(Date.parse(result.body.checkedAt))).toBe(true);
    } finally {
      await client.$disconnect();
    }
  });

  it("reports 503 with a clear body when SQLite cannot open the file", async () => {
    // SQLite creates missing files but not missing folders, so this database cannot be opened.
    const client = createPrismaClient(`file:${path.join(dir, "no", "such", "folder", "health.db")}`);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const result = await checkHealth(client);
      expect(result.httpStatus).toBe(503);
      expect(result.body).toMatchObject({ status: "error", db: "unreachable" });
      expect(result.body.status === "error" && result.body.error).toMatch(/did not answer SELECT 1/);
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });
});
