/**
 * Prisma clients on a database URL, without reading the environment: lib/db builds the app's one
 * client from this, and tests and scripts use it for databases of their own.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { isPostgresUrl, sqliteFilePath } from "./database-url";
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
 * Use `db` (lib/db) in the app; call this only for a second database (tests, scripts).
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
  const adapter = new SqliteAdapterWithPragmas({ url: `file:${sqliteFilePath(databaseUrl)}` });
  return new PrismaClient({ adapter });
}

/**
 * What every SQLite connection runs when it opens (better-sqlite3 and SQLite's defaults are a
 * rollback journal, synchronous=FULL and a 5 s busy timeout):
 *
 * - `journal_mode = WAL`: a commit appends to the write-ahead log instead of rewriting pages
 *   through a rollback journal, which costs three fsyncs and a file create/delete per INSERT on
 *   the default journal; readers no longer block the writer. Persistent in the file.
 * - `synchronous = FULL`: in WAL mode, the log is fsynced at every commit, so a sample that got
 *   its 201 survives a power cut as well as a killed process (NORMAL would survive a killed
 *   process, since the commit is in the OS's page cache, but could lose the last commits on
 *   power loss). A commit is one transaction, so a crash leaves it whole or absent, never half.
 * - `busy_timeout = 5000`: the same as better-sqlite3's default, stated, so that a second
 *   connection (a script, the CLI) waits for the lock rather than failing at once.
 */
export const SQLITE_PRAGMAS: readonly string[] = ["journal_mode = WAL", "synchronous = FULL", "busy_timeout = 5000"];

/** The better-sqlite3 adapter, with SQLITE_PRAGMAS run on every connection it opens. */
class SqliteAdapterWithPragmas extends PrismaBetterSQLite3 {
  override async connect(): Promise<Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>> {
    const adapter = await super.connect();
    await adapter.executeScript(SQLITE_PRAGMAS.map((pragma) => `PRAGMA ${pragma};`).join("\n"));
    return adapter;
  }
}
