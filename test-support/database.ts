/**
 * The one way a test gets a database: a fresh, migrated database for one test file, on the same
 * engine as DATABASE_URL. With a postgres:// DATABASE_URL (CI's second run) it creates a new
 * database on that server; otherwise a SQLite file in a not-yet-existing folder under a temp
 * folder. Migrations are applied with the same command as `npm start` (which must create that
 * folder), so the tests also check the committed migrations; the client is the app's
 * (createPrismaClient, with the app's SQLite pragmas).
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
// Not lib/db or lib/env: importing those would fix the app's DATABASE_URL before useDatabaseForApp.
import { isPostgresUrl } from "@/lib/database-url";
import { createPrismaClient, type DatabaseProvider, type PrismaClient } from "@/lib/prisma-client";

const ROOT = path.resolve(__dirname, "..");

export interface TestDatabase {
  readonly url: string;
  readonly provider: DatabaseProvider;
  readonly client: PrismaClient;
  drop(): Promise<void>;
}

function migrate(url: string): void {
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "db.mjs"), "migrate"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}

const baseUrl = () => process.env.DATABASE_URL?.trim() ?? "";

/** The engine createTestDatabase uses in this run, known before any database is made (for `it.runIf`). */
export function testDatabaseProvider(): DatabaseProvider {
  return isPostgresUrl(baseUrl()) ? "postgresql" : "sqlite";
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const base = baseUrl();
  const name = `inkwell_test_${label.replace(/\W/g, "_")}_${randomUUID().slice(0, 8)}`.toLowerCase();
  if (isPostgresUrl(base)) {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(base);
    url.pathname = `/${name}`;
    migrate(url.toString());
    const client = createPrismaClient(url.toString());
    return {
      url: url.toString(),
      provider: "postgresql",
      client,
      async drop() {
        await client.$disconnect();
        const again = new pg.Client({ connectionString: base });
        await again.connect();
        try {
          await again.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await again.end();
        }
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-api-test-"));
  const url = `file:${path.join(dir, "nested", `${name}.db`)}`;
  migrate(url);
  const client = createPrismaClient(url);
  return {
    url,
    provider: "sqlite",
    client,
    async drop() {
      await client.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A URL on the same engine as createTestDatabase's that cannot be opened: a SQLite file in a
 * folder that does not exist (SQLite creates missing files, not folders), or a database the
 * PostgreSQL server does not have.
 */
export function unreachableDatabaseUrl(): string {
  const base = baseUrl();
  const name = `inkwell_missing_${randomUUID().slice(0, 8)}`;
  if (isPostgresUrl(base)) {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return url.toString();
  }
  return `file:${path.join(os.tmpdir(), name, "no", "such", "folder", "missing.db")}`;
}

/**
 * Points the app's modules (lib/env, lib/db and everything importing them) at `url` for this test
 * file; call before the first dynamic import of a route. Vitest gives every test file its own
 * module registry, but the Prisma client is cached on globalThis, so that cache is cleared too.
 */
export function useDatabaseForApp(url: string, extraEnv: Record<string, string> = {}): void {
  process.env.DATABASE_URL = url;
  for (const [key, value] of Object.entries(extraEnv)) process.env[key] = value;
  delete (globalThis as { inkwellPrisma?: unknown }).inkwellPrisma;
}
