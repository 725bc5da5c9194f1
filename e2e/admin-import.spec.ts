import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import type { ReviewQueuePage } from "../lib/retrain/review-page";
import { signIn, taggedFixtureRecords } from "./helpers/admin";

/**
 * The dashboard's dataset import in Chromium: a JSONL file of fixture records with two bad lines
 * is uploaded through the import panel; the good records are stored, the bad lines are named.
 * Imports are pending under writers of their own, so the admin loop's review (filtered by its
 * own writer tag) never sees them. Also: the shipped version's row shows its model card's numbers.
 */
test("imports a JSONL file through the dashboard and reports its two bad lines", async ({ page }) => {
  const tag = `e2e-import-${randomUUID().slice(0, 8)}`;
  const records = taggedFixtureRecords(tag, 3);
  const file = [records[0], "{ this is not JSON", records[1], JSON.stringify({ id: `${tag}/bad`, text: "no strokes", writer: tag, strokes: [] }), records[2]].join("\n") + "\n";

  await signIn(page);
  const panel = page.getByRole("region", { name: "Import a dataset" });
  await expect(panel).toContainText("Dataset JSONL up to 64 MiB");
  await panel.getByTestId("import-file").setInputFiles({ name: `${tag}.jsonl`, mimeType: "application/x-ndjson", buffer: Buffer.from(file) });
  await panel.getByTestId("import-format").selectOption("jsonl");
  await panel.getByTestId("import-status").selectOption("pending");
  await panel.getByRole("button", { name: "Import" }).click();

  await expect(panel.getByTestId("import-stored")).toHaveText("3", { timeout: 30_000 });
  await expect(panel.getByTestId("import-rejected-count")).toHaveText("2");
  const rejected = panel.getByTestId("import-rejected").locator("li");
  await expect(rejected).toHaveCount(2);
  await expect(rejected.nth(0)).toContainText(/^line 2: invalid JSON/);
  await expect(rejected.nth(1)).toContainText(/^line 4: /);

  // The samples are in the review queue as imported and pending.
  const review = await page.request.get(`/api/admin/review?writer=${encodeURIComponent(tag)}&status=pending`);
  expect(review.status()).toBe(200);
  const { items } = (await review.json()) as ReviewQueuePage;
  expect(items.map((i) => i.source)).toEqual(["imported", "imported", "imported"]);
});

test("the versions table shows the shipped model's numbers", async ({ page }) => {
  await signIn(page);
  const shipped = page.locator('tr[data-version="v1"]');
  await expect(shipped).toContainText("model card: words");
  await expect(shipped.getByTestId("version-cer")).toHaveText(/^\d+(\.\d)?%$/);
});
