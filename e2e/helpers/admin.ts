import type { Page } from "@playwright/test";

/** The admin password playwright.config.ts gives the app under test. */
export const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? "inkwell-e2e-admin";

/** Signs in through the login page and waits to land on `next`. */
export async function signIn(page: Page, next = "/admin") {
  await page.goto(`/admin/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Admin password").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === next);
}
