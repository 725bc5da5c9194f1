#!/usr/bin/env node
/**
 * `npm start`: everything a fresh clone needs, then the production server.
 *
 *   1. generate the Prisma client if it is missing or older than prisma/schema.prisma
 *   2. create the SQLite database if needed and apply committed migrations (DATABASE_URL)
 *   3. `next build`, unless the sources hash to the same value as at the last build
 *   4. `next start` on PORT (default 3000)
 *
 * Flags: --build-only (steps 1 and 3), --no-build (fail instead of building).
 * Also importable: scripts/test.mjs reuses ensureBuild().
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeDatabase, ensureClient, migrate, resolveDatabaseUrl, ROOT } from "./db.mjs";

const NEXT_CLI = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const BUILD_DIR = path.join(ROOT, ".next");
const HASH_FILE = path.join(BUILD_DIR, "inkwell-source-hash");

/**
 * What does not change the production build: dependencies and outputs, data, tests, docs and
 * tooling scripts. public/ IS hashed: Next serves only the public files that existed at build time,
 * so a newly committed model version must trigger a rebuild (large weights hash by size + mtime).
 */
const IGNORED_DIRS = new Set([
  "node_modules",
  ".next",
  ".git",
  ".ci",
  ".notes",
  "data",
  "runs",
  "tmp",
  "e2e",
  "scripts",
  "test-results",
  "playwright-report",
  "blob-report",
  "coverage",
]);
const IGNORED_PATHS = new Set([path.join("lib", "generated")]); // derived from prisma/schema.prisma, which is hashed
const IGNORED_FILE = /(\.test\.tsx?|\.md|\.tsbuildinfo|^next-env\.d\.ts|\.db(-journal|-wal|-shm)?)$/;
/** Larger files (fixtures, weights that strayed outside public/) are hashed by size and mtime only. */
const CONTENT_HASH_LIMIT = 2 * 1024 * 1024;

/** A hash of every file that can change what `next build` produces, plus the Node version. */
export function sourceHash(root = ROOT) {
  const hash = createHash("sha256");
  hash.update(`node ${process.version}\n`);
  const walk = (relativeDir) => {
    const entries = fs.readdirSync(path.join(root, relativeDir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relative = path.join(relativeDir, entry.name);
      if (entry.isDirectory()) {
        if (IGNORED_DIRS.has(entry.name) || IGNORED_PATHS.has(relative)) continue;
        walk(relative);
      } else if (entry.isFile() && !IGNORED_FILE.test(entry.name)) {
        const absolute = path.join(root, relative);
        const stat = fs.statSync(absolute);
        hash.update(`${relative}\0${stat.size}\0`);
        hash.update(stat.size <= CONTENT_HASH_LIMIT ? fs.readFileSync(absolute) : String(stat.mtimeMs));
        hash.update("\n");
      }
    }
  };
  walk("");
  return hash.digest("hex");
}

export function buildIsCurrent(hash = sourceHash()) {
  return (
    fs.existsSync(path.join(BUILD_DIR, "BUILD_ID")) &&
    fs.existsSync(HASH_FILE) &&
    fs.readFileSync(HASH_FILE, "utf8").trim() === hash
  );
}

/** Runs `next build` unless the last build was made from the same sources. Returns whether it built. */
export function ensureBuild({ allowBuild = true } = {}) {
  ensureClient();
  const hash = sourceHash();
  if (buildIsCurrent(hash)) {
    console.log("inkwell: production build is up to date; skipping `next build`.");
    return false;
  }
  if (!allowBuild) throw new Error("No production build matches the sources; run `npm run build` or `npm start`.");
  console.log("inkwell: building for production (`next build`)…");
  fs.rmSync(HASH_FILE, { force: true });
  const started = Date.now();
  const result = spawnSync(process.execPath, [NEXT_CLI, "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status}).`);
  fs.writeFileSync(HASH_FILE, `${hash}\n`);
  console.log(`inkwell: build finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

/** PORT from the environment, default 3000; anything else than a whole number 1–65535 is an error. */
export function resolvePort(env = process.env) {
  const raw = env.PORT?.trim();
  if (!raw) return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new Error(`PORT must be a whole number between 1 and 65535 (got ${JSON.stringify(env.PORT)}).`);
  }
  return port;
}

function serve(port, databaseUrl) {
  console.log(`inkwell: serving on http://localhost:${port}`);
  const child = spawn(process.execPath, [NEXT_CLI, "start", "--port", String(port)], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), DATABASE_URL: databaseUrl },
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => {
    process.exitCode = code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : 15) : 1);
  });
}

function main(argv) {
  const buildOnly = argv.includes("--build-only");
  const port = resolvePort();
  const databaseUrl = resolveDatabaseUrl();
  ensureClient();
  if (!buildOnly) {
    migrate({ databaseUrl, quiet: true });
    console.log(`inkwell: database ready at ${describeDatabase(databaseUrl)}`);
  }
  ensureBuild({ allowBuild: !argv.includes("--no-build") });
  if (!buildOnly) serve(port, databaseUrl);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`inkwell: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
