/**
 * A route test file's database, set up and torn down in one call: a fresh migrated database
 * (SQLite, or PostgreSQL in CI's second run: see ./database), an empty DATA_DIR, and the app's
 * modules pointed at both before the test file's own `beforeAll` imports a route.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, useDatabaseForApp, type TestDatabase } from "./database";

export interface AppTestDatabase {
  /** The database; valid from the first test's `beforeAll` on. */
  readonly client: TestDatabase["client"];
  readonly provider: TestDatabase["provider"];
  /** The app's DATA_DIR for this file (admin sessions, trained models, run folders). */
  readonly dataDir: string;
}

export interface AppTestDatabaseOptions {
  /** More env for the app (rate limits, admin password…), set with DATABASE_URL and DATA_DIR. */
  env?: Record<string, string>;
  /** Rows to store before the app sees the database. */
  seed?: (client: TestDatabase["client"]) => Promise<unknown>;
}

/** Call at the top level of a test file, before the `beforeAll` that imports the routes. */
export function useAppTestDatabase(label: string, options: AppTestDatabaseOptions = {}): AppTestDatabase {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `inkwell-${label.replace(/\W/g, "-")}-data-`));
  let database: TestDatabase | undefined;
  const current = (): TestDatabase => {
    if (!database) throw new Error("the test database is not ready: use it inside tests or a later beforeAll");
    return database;
  };
  beforeAll(async () => {
    database = await createTestDatabase(label);
    await options.seed?.(database.client);
    useDatabaseForApp(database.url, { DATA_DIR: dataDir, ...options.env });
  }, 120_000);
  afterAll(async () => {
    // The app's own client (lib/db), if a route opened it, before the database goes.
    const { db } = await import("@/lib/db");
    await db.$disconnect();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get client() {
      return current().client;
    },
    get provider() {
      return current().provider;
    },
    dataDir,
  };
}
