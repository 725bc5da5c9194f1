import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { isPostgresUrl } from "./db.mjs";
import {
  migrationNames,
  pendingPostgresChanges,
  postgresDrift,
  postgresSchemaFrom,
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA,
  SQLITE_MIGRATIONS,
  SQLITE_SCHEMA,
} from "./sync-postgres-schema.mjs";

/** A PostgreSQL server to check the migration history on: POSTGRES_URL, or DATABASE_URL when it is one (CI's second run). */
const postgresUrl = process.env.POSTGRES_URL?.trim() || (isPostgresUrl(process.env.DATABASE_URL ?? "") ? process.env.DATABASE_URL : undefined);

describe("PostgreSQL schema and migrations stay in sync with the SQLite ones", () => {
  it("has no drift (schema text, migration lock, migration names)", () => {
    expect(postgresDrift()).toEqual([]);
  });

  it("generates the PostgreSQL schema by rewriting only provider, url and client output", () => {
    const sqlite = fs.readFileSync(SQLITE_SCHEMA, "utf8");
    const postgres = postgresSchemaFrom(sqlite);
    expect(postgres).toContain('provider = "postgresql"');
    expect(postgres).toContain('url      = env("DATABASE_URL")');
    expect(postgres).toContain('"../../lib/generated/prisma-postgres"');
    expect(postgres).not.toContain('"sqlite"');
    // Every model line of the SQLite schema is there unchanged.
    const modelLines = sqlite.split("\n").filter((line) => /^\s+\w+\s+(String|Int|Boolean|DateTime)/.test(line));
    expect(modelLines.length).toBeGreaterThan(10);
    for (const line of modelLines) expect(postgres).toContain(line);
  });

  it("fails loudly on a schema it does not know how to rewrite", () => {
    expect(() => postgresSchemaFrom('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/datasource provider/);
  });

  it("detects a drifted copy", () => {
    const real = fs.readFileSync(POSTGRES_SCHEMA, "utf8");
    expect(postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"))).toBe(real);
    expect(postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8").replace("pointCount Int", "pointCount BigInt"))).not.toBe(real);
    expect(migrationNames(POSTGRES_MIGRATIONS)).toEqual(migrationNames(SQLITE_MIGRATIONS));
  });

  // Needs a server: the CLI replays prisma/postgres/migrations on a throwaway database.
  it.runIf(postgresUrl)("PostgreSQL migrations produce exactly prisma/postgres/schema.prisma", () => {
    expect(pendingPostgresChanges(postgresUrl!)).toBe("");
  }, 120_000);
});
