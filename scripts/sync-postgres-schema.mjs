#!/usr/bin/env node
/**
 * Keeps the PostgreSQL schema and migration history (prisma/postgres/) in step with the SQLite
 * ones (prisma/), which are the source of truth. Prisma allows one provider per schema, so
 * PostgreSQL deployments need a schema and migrations of their own.
 *
 *   node scripts/sync-postgres-schema.mjs          rewrite prisma/postgres/schema.prisma from prisma/schema.prisma,
 *                                                  and write the PostgreSQL migration for every SQLite migration
 *                                                  that has none yet (needs a PostgreSQL server, see below)
 *   node scripts/sync-postgres-schema.mjs --check  exit 1, listing the differences, when the two have drifted
 *
 * Writing a migration needs a PostgreSQL server (the CLI replays the existing migrations on a
 * throwaway "shadow" database to compute the difference): set POSTGRES_URL, or DATABASE_URL to a
 * postgres:// URL. `.ci/postgres.sh start` starts a local one and prints its URL.
 *
 * Workflow after editing prisma/schema.prisma:
 *   npm run db:new-migration -- <name>   (SQLite migration)
 *   npm run db:sync-postgres             (same-named PostgreSQL migration + schema)
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isPostgresUrl, ROOT, runPrisma } from "./db.mjs";

export const SQLITE_SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
export const SQLITE_MIGRATIONS = path.join(ROOT, "prisma", "migrations");
export const POSTGRES_DIR = path.join(ROOT, "prisma", "postgres");
export const POSTGRES_SCHEMA = path.join(POSTGRES_DIR, "schema.prisma");
export const POSTGRES_MIGRATIONS = path.join(POSTGRES_DIR, "migrations");
export const POSTGRES_CONFIG = path.join(POSTGRES_DIR, "prisma.config.ts");

const GENERATED_HEADER = `// GENERATED from prisma/schema.prisma by scripts/sync-postgres-schema.mjs. Do not edit:
// change prisma/schema.prisma, then run \`npm run db:new-migration -- <name>\` and
// \`npm run db:sync-postgres\`. This is the PostgreSQL twin of that schema (Prisma allows one
// provider per schema); see the comments there for what each model means.
`;

/** Each rewrite must match exactly once, so a reshaped SQLite schema fails loudly instead of syncing wrong. */
const REWRITES = [
  { what: "datasource provider", from: /^(\s*provider\s*=\s*)"sqlite"/m, to: '$1"postgresql"' },
  // The CLI insists on a url; the driver adapter in prisma/postgres/prisma.config.ts is what connects.
  { what: "datasource url", from: /^(\s*url\s*=\s*)"file:[^"]*"/m, to: '$1env("DATABASE_URL")' },
  { what: "generator output", from: /^(\s*output\s*=\s*)"\.\.\/lib\/generated\/prisma"/m, to: '$1"../../lib/generated/prisma-postgres"' },
];

/** The PostgreSQL schema text for a SQLite schema text (pure). */
export function postgresSchemaFrom(sqliteSchema) {
  // The leading comment block describes the SQLite setup; the generated file says where it comes from.
  let body = sqliteSchema.replace(/^(?:\/\/[^\n]*\n|\s*\n)*/, "");
  for (const { what, from, to } of REWRITES) {
    const matches = body.match(new RegExp(from.source, "gm")) ?? [];
    if (matches.length !== 1) {
      throw new Error(`sync-postgres-schema: expected exactly one ${what} in prisma/schema.prisma, found ${matches.length}`);
    }
    body = body.replace(from, to);
  }
  return GENERATED_HEADER + "\n" + body;
}

export function migrationNames(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Every way the PostgreSQL side differs from the SQLite side that can be seen without a server:
 * the schema text, the migration lock, and the set of migration names. [] when in sync.
 */
export function postgresDrift() {
  const problems = [];
  const expected = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const actual = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : undefined;
  if (actual === undefined) problems.push("prisma/postgres/schema.prisma is missing");
  else if (actual !== expected) problems.push("prisma/postgres/schema.prisma differs from what prisma/schema.prisma generates");
  const lock = path.join(POSTGRES_MIGRATIONS, "migration_lock.toml");
  if (!fs.existsSync(lock) || !/provider\s*=\s*"postgresql"/.test(fs.readFileSync(lock, "utf8"))) {
    problems.push('prisma/postgres/migrations/migration_lock.toml is missing or not provider = "postgresql"');
  }
  const sqlite = migrationNames(SQLITE_MIGRATIONS);
  const postgres = new Set(migrationNames(POSTGRES_MIGRATIONS));
  for (const name of sqlite) if (!postgres.has(name)) problems.push(`SQLite migration ${name} has no PostgreSQL counterpart`);
  for (const name of postgres) if (!sqlite.includes(name)) problems.push(`PostgreSQL migration ${name} has no SQLite counterpart`);
  return problems;
}

/** Runs the Prisma CLI on the PostgreSQL schema/config against `postgresUrl`. */
export function runPrismaPostgres(args, postgresUrl, { quiet = true } = {}) {
  return runPrisma([...args, "--config", POSTGRES_CONFIG], { databaseUrl: postgresUrl, quiet });
}

/**
 * SQL that takes a database built from prisma/postgres/migrations to prisma/postgres/schema.prisma;
 * "" when they agree. Replays the migrations on a throwaway database on the server at `postgresUrl`.
 */
export function pendingPostgresChanges(postgresUrl) {
  const sql = runPrismaPostgres(
    ["migrate", "diff", "--from-migrations", POSTGRES_MIGRATIONS, "--to-schema-datamodel", POSTGRES_SCHEMA, "--script"],
    postgresUrl,
  );
  return /\b(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)\b/i.test(sql) ? sql : "";
}

/** Rewrites the PostgreSQL schema and writes the missing PostgreSQL migrations. Returns what it wrote. */
export function syncPostgres({ postgresUrl } = {}) {
  const written = [];
  const schema = postgresSchemaFrom(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  fs.mkdirSync(POSTGRES_MIGRATIONS, { recursive: true });
  if (!fs.existsSync(POSTGRES_SCHEMA) || fs.readFileSync(POSTGRES_SCHEMA, "utf8") !== schema) {
    fs.writeFileSync(POSTGRES_SCHEMA, schema);
    written.push(path.relative(ROOT, POSTGRES_SCHEMA));
  }
  const lock = path.join(POSTGRES_MIGRATIONS, "migration_lock.toml");
  if (!fs.existsSync(lock)) {
    fs.writeFileSync(lock, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n');
    written.push(path.relative(ROOT, lock));
  }
  const have = new Set(migrationNames(POSTGRES_MIGRATIONS));
  const missing = migrationNames(SQLITE_MIGRATIONS).filter((name) => !have.has(name));
  if (missing.length === 0) return written;
  if (!postgresUrl) {
    throw new Error(
      `SQLite migration(s) ${missing.join(", ")} have no PostgreSQL counterpart, and writing one needs a PostgreSQL server.\n` +
        "Start one with `.ci/postgres.sh start` and set POSTGRES_URL to the URL it prints.",
    );
  }
  const newest = missing[missing.length - 1];
  const later = migrationNames(POSTGRES_MIGRATIONS).filter((name) => name > newest);
  if (later.length > 0) throw new Error(`PostgreSQL migration(s) ${later.join(", ")} are newer than ${newest}; cannot insert before them.`);
  // Only the schema as it is now is known, so all missing steps' SQL goes into the newest one;
  // older missing ones are recorded as empty so both histories keep the same names.
  const sql = pendingPostgresChanges(postgresUrl);
  for (const name of missing) {
    const dir = path.join(POSTGRES_MIGRATIONS, name);
    fs.mkdirSync(dir, { recursive: true });
    const content = name === newest ? sql || "-- No PostgreSQL change.\n" : `-- Synced together with ${newest}; its SQL covers this step.\n`;
    fs.writeFileSync(path.join(dir, "migration.sql"), content);
    written.push(path.relative(ROOT, path.join(dir, "migration.sql")));
  }
  return written;
}

function postgresUrlFromEnv(env = process.env) {
  if (env.POSTGRES_URL?.trim()) return env.POSTGRES_URL.trim();
  if (env.DATABASE_URL && isPostgresUrl(env.DATABASE_URL.trim())) return env.DATABASE_URL.trim();
  return undefined;
}

function main(argv) {
  if (argv.includes("--check")) {
    const problems = postgresDrift();
    const postgresUrl = postgresUrlFromEnv();
    if (problems.length === 0 && postgresUrl) {
      const sql = pendingPostgresChanges(postgresUrl);
      if (sql) problems.push(`prisma/postgres/migrations do not produce prisma/postgres/schema.prisma; missing:\n${sql}`);
    }
    if (problems.length > 0) {
      console.error(`PostgreSQL schema has drifted from the SQLite one:\n${problems.map((p) => `  - ${p}`).join("\n")}\nRun: npm run db:sync-postgres`);
      process.exitCode = 1;
    } else console.log(`prisma/postgres agrees with prisma/${postgresUrl ? " (migrations checked on the server too)" : ""}.`);
    return;
  }
  const written = syncPostgres({ postgresUrl: postgresUrlFromEnv() });
  console.log(written.length ? `Wrote:\n${written.map((f) => `  ${f}`).join("\n")}\nReview and commit them.` : "prisma/postgres is already in sync.");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`sync-postgres-schema: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
