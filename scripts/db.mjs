#!/usr/bin/env node
/**
 * Database commands for Inkwell, wrapping the Prisma 6 CLI so that it runs offline.
 *
 *   node scripts/db.mjs generate              generate the Prisma client into lib/generated/prisma
 *   node scripts/db.mjs migrate               create the SQLite file if needed and apply committed migrations
 *                                             (a postgres:// DATABASE_URL uses prisma/postgres/ instead)
 *   node scripts/db.mjs status                show which migrations are applied
 *   node scripts/db.mjs reset                 delete the database file, then migrate (fresh, empty database)
 *   node scripts/db.mjs check                 fail if schema.prisma has changes no committed migration covers
 *   node scripts/db.mjs new-migration <name>  write prisma/migrations/<timestamp>_<name>/migration.sql
 *                                             from the difference between the migrations and schema.prisma
 *
 * Why a wrapper: Prisma's CLI wants to download native engines on first use. Here the CLI uses
 * the JavaScript schema engine with the better-sqlite3 driver adapter (prisma.config.ts), so the
 * native engines are never needed; pointing PRISMA_QUERY_ENGINE_LIBRARY and
 * PRISMA_SCHEMA_ENGINE_BINARY at any existing file stops the download attempt.
 *
 * Also importable: scripts/start.mjs and scripts/test.mjs reuse these functions.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Same default as lib/env.ts (scripts/db.test.ts checks that they agree). */
export const DEFAULT_DATABASE_URL = "file:./data/inkwell.db";

const SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
const MIGRATIONS = path.join(ROOT, "prisma", "migrations");
// The PostgreSQL twin, generated from SCHEMA by scripts/sync-postgres-schema.mjs.
const POSTGRES_SCHEMA = path.join(ROOT, "prisma", "postgres", "schema.prisma");
const POSTGRES_CONFIG = path.join(ROOT, "prisma", "postgres", "prisma.config.ts");
const PRISMA_CLI = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
const GENERATED_CLIENT = path.join(ROOT, "lib", "generated", "prisma", "client.ts");
const GENERATED_SCHEMA_HASH = path.join(ROOT, "lib", "generated", "prisma", ".schema-hash");

/** Whether a DATABASE_URL names a PostgreSQL server (postgres:// or postgresql://). */
export function isPostgresUrl(databaseUrl) {
  return /^postgres(ql)?:\/\//i.test(databaseUrl);
}

/**
 * DATABASE_URL from `env` (blank counts as unset): a SQLite file URL with a relative path made
 * absolute from the project root, or a postgres:// URL as it is.
 */
export function resolveDatabaseUrl(env = process.env) {
  const raw = env.DATABASE_URL && env.DATABASE_URL.trim() !== "" ? env.DATABASE_URL.trim() : DEFAULT_DATABASE_URL;
  if (isPostgresUrl(raw)) return raw;
  return `file:${sqliteFilePath(raw)}`;
}

/** Where a database URL points, for log lines: the file (relative when inside the project) or the server without credentials. */
export function describeDatabase(databaseUrl) {
  if (isPostgresUrl(databaseUrl)) {
    const url = new URL(databaseUrl);
    return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
  }
  const file = sqliteFilePath(databaseUrl);
  return path.relative(ROOT, file) || file;
}

/** Absolute path of the SQLite file a `file:` URL names; relative paths start at the project root. */
export function sqliteFilePath(databaseUrl) {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(
      `DATABASE_URL must be a SQLite file URL such as "file:./data/inkwell.db" or a postgres:// URL (got ${JSON.stringify(databaseUrl)})`,
    );
  }
  const filePath = databaseUrl.slice("file:".length).replace(/\?.*$/, "");
  if (filePath === "") throw new Error(`DATABASE_URL has no file path (got ${JSON.stringify(databaseUrl)})`);
  return path.resolve(ROOT, filePath);
}

/** Runs the Prisma CLI offline against `databaseUrl`; throws with the CLI's output on failure. */
export function runPrisma(args, { databaseUrl = resolveDatabaseUrl(), quiet = false, input } = {}) {
  if (!fs.existsSync(PRISMA_CLI)) {
    throw new Error(`Prisma CLI not found at ${PRISMA_CLI}. Run \`npm install\` first.`);
  }
  // The adapter opens the database file even for commands that only diff; SQLite can create
  // the file but not its folder.
  if (!isPostgresUrl(databaseUrl)) fs.mkdirSync(path.dirname(sqliteFilePath(databaseUrl)), { recursive: true });
  const result = spawnSync(process.execPath, [PRISMA_CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: quiet ? "pipe" : ["ignore", "pipe", "pipe"],
    ...(input !== undefined ? { input } : {}),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      // Any existing file will do: with engine "js" + a driver adapter the engines are never loaded.
      PRISMA_QUERY_ENGINE_LIBRARY: SCHEMA,
      PRISMA_SCHEMA_ENGINE_BINARY: SCHEMA,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
      PRISMA_HIDE_PRISMA_CONFIG_LOADED_MESSAGE: "1",
    },
  });
  if (!quiet) {
    process.stdout.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
  }
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
    throw new Error(`prisma ${args.join(" ")} failed (exit ${result.status})${quiet && output ? `:\n${output}` : ""}`);
  }
  return result.stdout ?? "";
}

/** Generates the SQLite client (lib/generated/prisma) and its PostgreSQL twin (lib/generated/prisma-postgres). */
export function generateClient({ quiet = false } = {}) {
  runPrisma(["generate", "--schema", SCHEMA], { quiet });
  runPrisma(["generate", "--schema", POSTGRES_SCHEMA], { quiet });
  fs.writeFileSync(GENERATED_SCHEMA_HASH, `${schemaHash()}\n`);
}

function schemaHash() {
  const hash = createHash("sha256").update(fs.readFileSync(SCHEMA));
  if (fs.existsSync(POSTGRES_SCHEMA)) hash.update(fs.readFileSync(POSTGRES_SCHEMA));
  return hash.digest("hex");
}

/** The CLI arguments that pick the schema (and, for PostgreSQL, the config with the pg adapter) for a URL. */
function schemaArgs(databaseUrl) {
  return isPostgresUrl(databaseUrl) ? ["--schema", POSTGRES_SCHEMA, "--config", POSTGRES_CONFIG] : ["--schema", SCHEMA];
}

/** Whether lib/generated/prisma exists and was generated from the current schema.prisma. */
export function clientIsCurrent() {
  return (
    fs.existsSync(GENERATED_CLIENT) &&
    fs.existsSync(GENERATED_SCHEMA_HASH) &&
    fs.readFileSync(GENERATED_SCHEMA_HASH, "utf8").trim() === schemaHash()
  );
}

/** Generates the client unless it is current (postinstall normally did it already). */
export function ensureClient() {
  if (!clientIsCurrent()) generateClient({ quiet: true });
}

/** Creates the database file's folder and applies every committed migration not yet applied. */
export function migrate({ databaseUrl = resolveDatabaseUrl(), quiet = false } = {}) {
  runPrisma(["migrate", "deploy", ...schemaArgs(databaseUrl)], { databaseUrl, quiet });
}

/**
 * An empty, current database: deletes the SQLite file (and its journal files), or on PostgreSQL
 * drops and recreates the `public` schema; then migrates.
 */
export function reset({ databaseUrl = resolveDatabaseUrl(), quiet = false } = {}) {
  if (isPostgresUrl(databaseUrl)) {
    runPrisma(["db", "execute", "--stdin", ...schemaArgs(databaseUrl)], {
      databaseUrl,
      quiet: true,
      input: 'DROP SCHEMA IF EXISTS "public" CASCADE; CREATE SCHEMA "public";',
    });
  } else {
    const file = sqliteFilePath(databaseUrl);
    for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  }
  migrate({ databaseUrl, quiet });
}

export function status({ databaseUrl = resolveDatabaseUrl() } = {}) {
  runPrisma(["migrate", "status", ...schemaArgs(databaseUrl)], { databaseUrl });
}

/** Migration folder names sort by time; the name part is limited to what is safe in a path. */
export function migrationFolderName(name, now = new Date()) {
  const slug = String(name ?? "")
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (slug === "") throw new Error("Give the migration a name: npm run db:new-migration -- <name>");
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `${stamp}_${slug}`;
}

/**
 * Writes the SQL that takes the committed migrations to the current schema.prisma.
 * (`prisma migrate dev` fails with P1014 on a brand-new SQLite file under the JS engine,
 * so migrations are produced with `migrate diff` instead; the result is the same SQL.)
 */
export function newMigration(name) {
  const folder = migrationFolderName(name);
  // `--from-migrations` reads the provider from this file, so the very first migration needs it too.
  const lock = path.join(MIGRATIONS, "migration_lock.toml");
  if (!fs.existsSync(lock)) {
    fs.mkdirSync(MIGRATIONS, { recursive: true });
    fs.writeFileSync(
      lock,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "sqlite"\n',
    );
  }
  const sql = pendingSchemaChanges();
  if (sql === "") throw new Error("schema.prisma matches the committed migrations; there is nothing to migrate.");
  const dir = path.join(MIGRATIONS, folder);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  return path.relative(ROOT, path.join(dir, "migration.sql"));
}

/**
 * The SQL that would take a database built from the committed migrations to schema.prisma;
 * "" when they agree. The CLI replays the migrations on an in-memory shadow database, so no
 * real database is touched.
 */
export function pendingSchemaChanges() {
  // The adapter still opens a main database file; keep that off the real one.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-diff-"));
  let sql;
  try {
    sql = runPrisma(
      ["migrate", "diff", "--from-migrations", MIGRATIONS, "--to-schema-datamodel", SCHEMA, "--script"],
      { quiet: true, databaseUrl: `file:${path.join(scratch, "scratch.db")}` },
    );
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return /\b(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|PRAGMA)\b/i.test(sql) ? sql : "";
}

function main(argv) {
  const [command, ...rest] = argv;
  switch (command) {
    case "generate":
      generateClient();
      return;
    case "migrate":
      migrate();
      return;
    case "status":
      status();
      return;
    case "reset":
      reset();
      return;
    case "check": {
      const sql = pendingSchemaChanges();
      if (sql !== "") {
        console.error(`schema.prisma has changes that no migration covers:\n${sql}\nRun: npm run db:new-migration -- <name>`);
        process.exitCode = 1;
      } else console.log("schema.prisma and prisma/migrations agree.");
      return;
    }
    case "new-migration": {
      const file = newMigration(rest.filter((a) => a !== "--").join("_"));
      console.log(`Wrote ${file}. Review it, then run \`npm run db:migrate\` and commit it.`);
      return;
    }
    default:
      console.error("Usage: node scripts/db.mjs <generate|migrate|status|reset|check|new-migration <name>>");
      process.exitCode = 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`db: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
