#!/usr/bin/env node
/**
 * `npm test`: every unit test (Vitest), then a production build, then every e2e test
 * (Playwright, against that build). All stages run even when an earlier one fails, so one
 * run shows everything that is broken; the exit code is non-zero if anything failed.
 * The last line is always `N passed, N failed` over unit + e2e tests.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ensureClient, ROOT, sqliteFilePath } from "./db.mjs";
import { ensureBuild } from "./start.mjs";

const VITEST_CLI = path.join(ROOT, "node_modules", "vitest", "vitest.mjs");
const PLAYWRIGHT_CLI = path.join(ROOT, "node_modules", "@playwright", "test", "cli.js");
const PREFERRED_E2E_PORT = 3100;

function run(label, args, env = {}) {
  console.log(`\n━━ ${label} ━━`);
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.error) console.error(`${label}: ${result.error.message}`);
  return result.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** 3100 when free (so URLs in logs are predictable), else any free port: the machine is shared. */
async function pickE2ePort() {
  if (await portIsFree(PREFERRED_E2E_PORT)) return PREFERRED_E2E_PORT;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Counts from Vitest's JSON report; undefined when there is none (the run crashed). */
function unitCounts(report) {
  if (!report) return undefined;
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    // Files that failed without a failing test: a syntax error, a throwing import or hook.
    failedFiles: (report.testResults ?? []).filter(
      (file) => file.status === "failed" && !(file.assertionResults ?? []).some((test) => test.status === "failed"),
    ).length,
  };
}

/** Counts from Playwright's JSON report. */
function e2eCounts(report) {
  if (!report?.stats) return undefined;
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  return { passed: expected + flaky, failed: unexpected, skipped, failedFiles: report.errors?.length ?? 0 };
}

function describe(counts, ok) {
  if (!counts) return "no report (the runner crashed before reporting)";
  const parts = [`${counts.passed} passed`, `${counts.failed} failed`];
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  if (counts.failedFiles) parts.push(`${counts.failedFiles} file/setup error(s)`);
  return `${parts.join(", ")}${ok ? "" : " — FAILED"}`;
}

async function main() {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-test-"));
  const started = Date.now();
  const timings = {};
  let stageStart = Date.now();

  ensureClient();

  // 1. Unit tests.
  const vitestJson = path.join(reports, "vitest.json");
  const unitOk = run(
    "unit tests (vitest)",
    [VITEST_CLI, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`],
    { VITE_CONFIG_NATIVE_IGNORE_WARNING: "true" },
  );
  const unit = unitCounts(readJson(vitestJson));
  timings.unit = Date.now() - stageStart;

  // 2. Production build (skipped when the sources have not changed since the last one).
  stageStart = Date.now();
  console.log("\n━━ production build ━━");
  let buildOk = true;
  try {
    ensureBuild();
  } catch (error) {
    buildOk = false;
    console.error(error instanceof Error ? error.message : String(error));
  }
  timings.build = Date.now() - stageStart;

  // 3. End-to-end tests against that build, on a free port with a fresh database.
  stageStart = Date.now();
  let e2eOk = false;
  let e2e;
  if (buildOk) {
    const port = await pickE2ePort();
    const databaseUrl = `file:./data/e2e-${port}.db`;
    const playwrightJson = path.join(reports, "playwright.json");
    e2eOk = run("e2e tests (playwright)", [PLAYWRIGHT_CLI, "test"], {
      E2E_PORT: String(port),
      E2E_DATABASE_URL: databaseUrl,
      E2E_JSON_REPORT: playwrightJson,
    });
    e2e = e2eCounts(readJson(playwrightJson));
    const dbFile = sqliteFilePath(databaseUrl);
    for (const suffix of ["", "-journal", "-wal", "-shm"]) fs.rmSync(dbFile + suffix, { force: true });
  } else {
    console.log("\n━━ e2e tests (playwright) ━━\nskipped: there is no production build to test.");
  }
  timings.e2e = Date.now() - stageStart;
  fs.rmSync(reports, { recursive: true, force: true });

  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const passed = (unit?.passed ?? 0) + (e2e?.passed ?? 0);
  const failed = (unit?.failed ?? 0) + (e2e?.failed ?? 0);
  const ok = unitOk && buildOk && e2eOk;
  console.log("\n━━ summary ━━");
  console.log(`unit  (vitest):     ${describe(unit, unitOk)}  [${seconds(timings.unit)}]`);
  console.log(`build (next build): ${buildOk ? "ok" : "FAILED"}  [${seconds(timings.build)}]`);
  console.log(`e2e   (playwright): ${buildOk ? describe(e2e, e2eOk) : "not run"}  [${seconds(timings.e2e)}]`);
  console.log(`total time ${seconds(Date.now() - started)}; ${ok ? "all green" : "FAILURES above"}`);
  // Failures that are not failing tests still have to show on the last line.
  const problems = [];
  if (!unitOk && !(unit?.failed > 0)) problems.push("unit run FAILED");
  if (!buildOk) problems.push("build FAILED, e2e not run");
  else if (!e2eOk && !(e2e?.failed > 0)) problems.push("e2e run FAILED");
  console.log(`${passed} passed, ${failed} failed${problems.length ? `; ${problems.join("; ")}` : ""}`);
  process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
