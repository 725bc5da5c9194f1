import fs from "node:fs";
import type { Browser, Cookie, Page } from "@playwright/test";
import { UNIPEN_FIXTURES_JSONL } from "./write-fixtures";

/** The admin password playwright.config.ts gives the app under test. */
export const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? "inkwell-e2e-admin";

/** Signs in through the login page and waits to land on `next`. */
export async function signIn(page: Page, next = "/admin") {
  await page.goto(`/admin/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Admin password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === next);
}

/**
 * Signs in once in a context of its own and returns the session cookie, for a spec whose tests
 * share one sign-in (`page.context().addCookies(...)`): the app allows 10 sign-ins per address in
 * 15 minutes (ADMIN_LOGIN_ATTEMPTS_PER_15_MINUTES), and the whole suite must stay under that.
 */
export async function adminSessionCookies(browser: Browser): Promise<Cookie[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await signIn(page);
    return await context.cookies();
  } finally {
    await context.close();
  }
}

/**
 * The first `count` records of the UNIPEN fixture file as dataset JSONL lines, re-identified under
 * `tag` (ids `tag/0`, `tag/1`…, one writer `tag/writer`), so each test's imports are its own.
 */
export function taggedFixtureRecords(tag: string, count: number): string[] {
  return fs
    .readFileSync(UNIPEN_FIXTURES_JSONL, "utf8")
    .trim()
    .split("\n")
    .slice(0, count)
    .map((line, i) => JSON.stringify({ ...JSON.parse(line), id: `${tag}/${i}`, writer: `${tag}/writer` }));
}
