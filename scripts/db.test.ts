import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL as ENV_DEFAULT } from "../lib/env";
import { DEFAULT_DATABASE_URL, migrationFolderName, pendingSchemaChanges, resolveDatabaseUrl, ROOT } from "./db.mjs";

describe("scripts/db.mjs", () => {
  it("uses the same default database as lib/env.ts", () => {
    expect(DEFAULT_DATABASE_URL).toBe(ENV_DEFAULT);
    expect(resolveDatabaseUrl({})).toBe(`file:${path.join(ROOT, "data", "inkwell.db")}`);
    expect(resolveDatabaseUrl({ DATABASE_URL: " " })).toBe(`file:${path.join(ROOT, "data", "inkwell.db")}`);
  });

  it("resolves DATABASE_URL from the project root and rejects other schemes", () => {
    expect(resolveDatabaseUrl({ DATABASE_URL: "file:./data/e2e.db" })).toBe(`file:${path.join(ROOT, "data", "e2e.db")}`);
    expect(resolveDatabaseUrl({ DATABASE_URL: "file:/tmp/a.db" })).toBe("file:/tmp/a.db");
    expect(() => resolveDatabaseUrl({ DATABASE_URL: "mysql://x" })).toThrow(/SQLite file URL/);
  });

  it("names migration folders by UTC time and a safe slug", () => {
    const now = new Date(Date.UTC(2025, 0, 2, 3, 4, 5));
    expect(migrationFolderName("Add sample Tags!", now)).toBe("20250102030405_add_sample_tags");
    expect(() => migrationFolderName(" -- ", now)).toThrow(/Give the migration a name/);
  });

  // Catches a schema.prisma edit that was committed without its migration.
  it("has a committed migration for every change in schema.prisma", () => {
    expect(pendingSchemaChanges()).toBe("");
  }, 60_000);
});
