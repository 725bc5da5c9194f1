import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { env, isPostgresUrl, sqliteFilePath } from "./env";
import { PrismaClient } from "./generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/prisma-postgres/client";

export type { AdminSession, ModelVersion, Prisma, Sample, TrainingRun } from "./generated/prisma/client";
export { PrismaClient };

/** Which database engine a client talks to; raw SQL that differs between the two must branch on it. */
export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseProvider(databaseUrl: string): DatabaseProvider {
  return isPostgresUrl(databaseUrl) ? "postgresql" : "sqlite";
}

/**
 * A Prisma client on the database named by `databaseUrl`: a SQLite file (`file:` URL; relative
 * paths start at the project root) through better-sqlite3, or a PostgreSQL server
 * (`postgres://…`) through node-postgres. Connects lazily, on the first query.
 * Use `db` in the app; call this only for a second database (tests, scripts).
 *
 * Prisma allows one provider per schema, so PostgreSQL has its own generated client (from
 * prisma/postgres/schema.prisma, generated from the SQLite schema: same models, same fields).
 * It is typed as the SQLite client so that app code has one type; keep to the query API both
 * providers share (no `mode: "insensitive"`, no provider-specific raw SQL without a branch).
 */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  if (isPostgresUrl(databaseUrl)) {
    const adapter = new PrismaPg({ connectionString: databaseUrl });
    return new PostgresPrismaClient({ adapter }) as unknown as PrismaClient;
  }
  const adapter = new PrismaBetterSQLite3({ url: `file:${sqliteFilePath(databaseUrl)}` });
  return new PrismaClient({ adapter });
}

// Next's dev server re-evaluates modules on every edit; caching the client on globalThis keeps
// that from opening a new connection each time. In production the module is loaded once.
const globalCache = globalThis as typeof globalThis & { inkwellPrisma?: PrismaClient };

/** The app's one Prisma client, on DATABASE_URL. */
export const db: PrismaClient = globalCache.inkwellPrisma ?? createPrismaClient(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalCache.inkwellPrisma = db;
