import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPrismaClient } from "@/lib/prisma-client";
import { createTestDatabase, unreachableDatabaseUrl, type TestDatabase } from "@/test-support/database";
import { checkHealth } from "./check";

describe("checkHealth", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("health");
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("reports a reachable database with 200", async () => {
    const result = await checkHealth(database.client);
    expect(result.httpStatus).toBe(200);
    expect(result.body).toMatchObject({ status: "ok", db: "reachable" });
    expect(Number.isFinite(Date.parse(result.body.checkedAt))).toBe(true);
  });

  it("reports 503 with a clear body when the database cannot be opened", async () => {
    // A SQLite file in a folder that does not exist, or a database the server does not have.
    const client = createPrismaClient(unreachableDatabaseUrl());
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const result = await checkHealth(client);
      expect(result.httpStatus).toBe(503);
      expect(result.body).toMatchObject({ status: "error", db: "unreachable" });
      expect(result.body.status === "error" && result.body.error).toMatch(/did not answer SELECT 1/);
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      await client.$disconnect();
    }
  });
});
