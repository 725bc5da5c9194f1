/**
 * Test helper (imported by *.test.ts only): a fresh, migrated database for one test file, on the
 * same engine as DATABASE_URL. With a postgres:// DATABASE_URL (CI's second run) it creates a
 * new database on that server; otherwise a SQLite file in a temp folder. Migrations are applied
 * with the same command as `npm start`, so the tests also check the committed migrations.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
// Not lib/db or lib/env: importing those would fix the app's DATABASE_URL before useDatabaseForApp.
import type { PrismaClient } from "../db";
import { PrismaClient as SqliteClient } from "../generated/prisma/client";
import { PrismaClient as PostgresClient } from "../generated/prisma-postgres/client";

const ROOT = path.resolve(__dirname, "..", "..");

export interface TestDatabase {
  readonly url: string;
  readonly provider: "sqlite" | "postgresql";
  readonly client: PrismaClient;
  drop(): Promise<void>;
}

const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

function createPrismaClient(url: string): PrismaClient {
  if (isPostgresUrl(url)) return new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient;
  return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

function migrate(url: string): void {
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "db.mjs"), "migrate"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL?.trim() ?? "";
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
  const url = `file:${path.join(dir, `${name}.db`)}`;
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
 * Points the app's modules (lib/env, lib/db and everything importing them) at `url` for this test
 * file; call before the first dynamic import of a route. Vitest gives every test file its own
 * module registry, but the Prisma client is cached on globalThis, so that cache is cleared too.
 */
export function useDatabaseForApp(url: string, extraEnv: Record<string, string> = {}): void {
  process.env.DATABASE_URL = url;
  for (const [key, value] of Object.entries(extraEnv)) process.env[key] = value;
  delete (globalThis as { inkwellPrisma?: unknown }).inkwellPrisma;
}
