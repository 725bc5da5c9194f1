import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { env, sqliteFilePath } from "./env";
import { PrismaClient } from "./generated/prisma/client";

export type { ModelVersion, Prisma, Sample, TrainingRun } from "./generated/prisma/client";
export { PrismaClient };

/**
 * A Prisma client on the SQLite file named by `databaseUrl` (a `file:` URL; relative paths
 * start at the project root). Connects lazily, on the first query.
 * Use `db` in the app; call this only for a second database (tests, scripts).
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  const adapter = new PrismaBetterSQLite3({ url: `file:${sqliteFilePath(databaseUrl)}` });
  return new PrismaClient({ adapter });
}

// Next's dev server re-evaluates modules on every edit; caching the client on globalThis keeps
// that from opening a new SQLite connection each time. In production the module is loaded once.
const globalCache = globalThis as typeof globalThis & { inkwellPrisma?: PrismaClient };

/** The app's one Prisma client, on DATABASE_URL. */
export const db: PrismaClient = globalCache.inkwellPrisma ?? createPrismaClient(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalCache.inkwellPrisma = db;
