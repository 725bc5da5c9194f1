/**
 * Keeps test support out of the product: no file the app, the job or a script runs imports
 * test-support/ or vitest, and every test that opens a database of its own gets it from
 * test-support/database (so CI's PostgreSQL pass, .ci/db-tests.sh, runs it on both engines).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const SKIP = new Set(["node_modules", "generated", ".next"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : sourceFiles(rel);
    return /\.(ts|tsx|mjs)$/.test(entry.name) ? [rel] : [];
  });
}

const files = ["app", "lib", "scripts"].flatMap(sourceFiles);
const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("test support", () => {
  it("is imported by tests only", () => {
    const offenders = files.filter((file) => !isTest(file) && /from\s+["'](vitest|[^"']*test-support\/)/.test(read(file)));
    expect(offenders).toEqual([]);
  });

  it("is where every test that opens a database gets it", () => {
    const ownClients = files.filter(
      (file) => isTest(file) && /createPrismaClient\(|new PrismaClient\(|better-sqlite3/.test(read(file)) && !/test-support\/database/.test(read(file)),
    );
    expect(ownClients).toEqual([]);
  });

  it("puts every test with a database in CI's PostgreSQL pass (.ci/db-tests.sh)", () => {
    const withDatabase = files.filter((file) => isTest(file) && /from\s+["'][^"']*test-support\/(app-)?database["']/.test(read(file)));
    const listed = execFileSync("bash", [path.join(ROOT, ".ci", "db-tests.sh")], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(withDatabase.length).toBeGreaterThan(10);
    expect(withDatabase.filter((file) => !listed.includes(file))).toEqual([]);
  });
});
