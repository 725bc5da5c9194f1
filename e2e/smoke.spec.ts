import { expect, test } from "@playwright/test";

test("home page renders with the site navigation", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Inkwell" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Write" })).toHaveAttribute("href", "/");
  await expect(nav.getByRole("link", { name: "Contribute" })).toHaveAttribute("href", "/contribute");
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveAttribute("href", "/admin");
});

test("pages are cross-origin isolated (needed for wasm threads)", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.headers()["cross-origin-opener-policy"]).toBe("same-origin");
  expect(response?.headers()["cross-origin-embedder-policy"]).toBe("require-corp");
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
});

test("/api/health reports the database reachable", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(response.headers()["cache-control"]).toContain("no-store");
  const body = await response.json();
  expect(body).toMatchObject({ status: "ok", db: "reachable" });
  expect(typeof body.latencyMs).toBe("number");
});
