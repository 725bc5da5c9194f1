import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests run against the production build, served by the same script as `npm start`,
 * on a test port with its own database file that is recreated for every run.
 * `npm test` picks a free port and passes it as E2E_PORT; alone, `npx playwright test` uses 3100.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
const databaseUrl = process.env.E2E_DATABASE_URL ?? `file:./data/e2e-${port}.db`;

// The Debian chromium package, when present: Playwright's own browser cannot be downloaded here.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const launchOptions = fs.existsSync(SYSTEM_CHROMIUM)
  ? {
      executablePath: SYSTEM_CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two shared CPU cores: more workers only make each test slower.
  workers: process.env.CI ? 1 : 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  // scripts/test.mjs asks for a JSON report too, to print one summary line for all tests.
  reporter: process.env.E2E_JSON_REPORT ? [["list"], ["json", { outputFile: process.env.E2E_JSON_REPORT }]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions,
  },
  projects: [{ name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions } }],
  webServer: {
    // Fresh database, then exactly what `npm start` does (building first if the sources changed).
    command: "node scripts/db.mjs reset && node scripts/start.mjs",
    url: `${baseURL}/api/health`,
    env: { PORT: String(port), DATABASE_URL: databaseUrl },
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
