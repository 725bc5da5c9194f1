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
  projects: [
    { name: "desktop", testIgnore: [/\.mobile\.spec\.ts$/, /admin\.spec\.ts$/], use: { ...devices["Desktop Chrome"], launchOptions } },
    // A phone with touch (Pixel 7 is a Chromium device profile): only the *.mobile.spec.ts files.
    { name: "mobile", testMatch: /\.mobile\.spec\.ts$/, use: { ...devices["Pixel 7"], launchOptions } },
    // The admin loop promotes a version (briefly changing what the Write page loads), so it runs
    // only after every other project has finished.
    { name: "admin", testMatch: /admin\.spec\.ts$/, dependencies: ["desktop", "mobile"], use: { ...devices["Desktop Chrome"], launchOptions } },
  ],
  webServer: {
    // Fresh database, then exactly what `npm start` does (building first if the sources changed).
    command: "node scripts/db.mjs reset && node scripts/start.mjs",
    url: `${baseURL}/api/health`,
    // A known admin password, so admin tests can sign in (e2e/contribute.spec.ts reads the same variable).
    // PUBLIC_ORIGIN is the origin the tests browse, whatever the calling shell has set: admin
    // mutations are refused unless they come from (and are sent to) it. TRUST_PROXY 0: no proxy.
    env: {
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD ?? "inkwell-e2e-admin",
      PUBLIC_ORIGIN: baseURL,
      TRUST_PROXY: "0",
    },
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
