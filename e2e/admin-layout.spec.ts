import { expect, test } from "@playwright/test";
import type { Cookie } from "@playwright/test";
import { adminSessionCookies } from "./helpers/admin";
import { layoutOverflow } from "./helpers/layout";

/**
 * The admin pages' layout in Chromium, light and dark, on a desktop and at 390 px: a screenshot
 * of the dashboard for each (attached to the report and written under test-results), no
 * horizontal overflow of the page, and no visible element sticking out of the viewport (wide
 * tables and charts scroll inside their cards instead).
 */
// One worker and one sign-in for the whole file (sign-ins are rate-limited).
test.describe.configure({ mode: "serial" });
let session: Cookie[] = [];
test.beforeAll(async ({ browser }) => {
  session = await adminSessionCookies(browser);
});

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900 },
  { name: "390px", width: 390, height: 844 },
] as const;

for (const colorScheme of ["light", "dark"] as const) {
  for (const viewport of VIEWPORTS) {
    test(`dashboard, ${colorScheme}, ${viewport.name}: screenshot and no sideways overflow`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.context().addCookies(session);
      await page.goto("/admin");
      await expect(page.getByTestId("stats-summary")).toContainText("samples from");
      await expect(page.getByTestId("versions-table")).toBeVisible();
      await expect(page.getByTestId("coverage-chart")).toBeVisible();
      // The theme follows the scheme (the page background is the --bg of that scheme).
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(colorScheme === "dark" ? "rgb(21, 23, 26)" : "rgb(251, 250, 247)");

      const overflow = await layoutOverflow(page);
      expect(overflow.outside, "elements outside the viewport").toEqual([]);
      expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);

      const shot = await page.screenshot({ fullPage: true, path: testInfo.outputPath(`dashboard-${colorScheme}-${viewport.name}.png`) });
      await testInfo.attach(`dashboard-${colorScheme}-${viewport.name}`, { body: shot, contentType: "image/png" });
    });
  }
}

test("review queue and sign-in at 390 px: no sideways overflow", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/admin/login");
  expect((await layoutOverflow(page)).outside).toEqual([]);
  await page.context().addCookies(session);
  await page.goto("/admin/review");
  await expect(page.getByTestId("review-count")).toContainText("samples");
  const overflow = await layoutOverflow(page);
  expect(overflow.outside).toEqual([]);
  expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.innerWidth);
  const shot = await page.screenshot({ fullPage: true, path: testInfo.outputPath("review-light-390px.png") });
  await testInfo.attach("review-light-390px", { body: shot, contentType: "image/png" });
});

test("the charts read out the value under the keyboard", async ({ page }) => {
  await page.context().addCookies(session);
  await page.goto("/admin");
  const chart = page.getByRole("figure").filter({ hasText: "By status" });
  await page.keyboard.press("Tab"); // a keyboard user: programmatic focus then shows the ring too
  await chart.getByRole("img").focus();
  await page.keyboard.press("ArrowDown");
  await expect(chart.locator("[aria-live]")).toHaveText(/^pending: \d+/);
  await page.keyboard.press("End");
  await expect(chart.locator("[aria-live]")).toHaveText(/^rejected: \d+/);
  // The focused chart shows a focus ring.
  const outline = await chart.getByRole("img").evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe("solid");
});
