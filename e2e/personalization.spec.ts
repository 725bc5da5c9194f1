import { expect, test, type Page } from "@playwright/test";
import type { Ink } from "../lib/ink/types";
import { ErrorRates } from "../lib/training/metrics";
import { PERSONALIZE_MIN_SAMPLES } from "../lib/adapt/personal-sample";
import { readPersonalFixture } from "./helpers/personal-fixture";
import { replayInkWithMouse, settledTranscript } from "./helpers/replay";
import { shippedModelDir, weightsSha256 } from "./helpers/write-fixtures";
import { openWritePage } from "./helpers/write-page";
import { existsSync } from "node:fs";
import path from "node:path";
import { adaptToWriter } from "../lib/adapt/adapt-to-writer";
import { readPageModelParams } from "../lib/model/load-node";
import { saveWriterAdaptation } from "../lib/retrain/writer-adaptation-store";
import { REPO_ROOT } from "./helpers/write-fixtures";

// Issue 12: the learning loop, as a person uses it. One real writer (a UNIPEN validation writer,
// never trained on) corrects 20 readings on the Write page; the page adapts to that hand in the
// background, in Chromium, on the device; their held-out words then read with fewer errors;
// the switch compares with the standard model; "Forget my handwriting" removes it all.
const fixture = readPersonalFixture();

async function clearCanvas(page: Page) {
  const clear = page.getByRole("button", { name: "Clear" });
  if (await clear.isEnabled()) await clear.click();
  await expect(page.getByTestId("ink-canvas")).toHaveAttribute("data-strokes", "0");
}

async function writeAndRead(page: Page, ink: Ink): Promise<string> {
  await clearCanvas(page);
  const fitted = await replayInkWithMouse(page, page.getByTestId("ink-canvas"), ink);
  await expect(page.getByTestId("ink-canvas")).toHaveAttribute("data-strokes", String(fitted.strokes.length));
  const text = await settledTranscript(page, fitted.strokes.length, 30_000);
  await page.mouse.move(1, 1);
  return text;
}

async function heldOutCer(page: Page): Promise<number> {
  const rates = new ErrorRates();
  for (const s of fixture.heldOut) rates.add(s.text, await writeAndRead(page, s.ink));
  return rates.cer;
}

test("corrections teach the page this writer's hand: held-out words read better, the switch compares, forget removes it", async ({ page }) => {
  test.setTimeout(600_000); // 30 corrections, two readings of the held-out words and an adaptation, on 2 shared cores
  const { version } = await openWritePage(page);
  const stale = "e2e/fixtures/personal-writer.json was made for another model: rerun `npx tsx scripts/select-personal-fixture.ts`";
  expect(version, stale).toBe(fixture.modelVersion);
  expect(weightsSha256(shippedModelDir(version)), stale).toBe(fixture.weightsSha256);
  const panel = page.getByTestId("personalization");
  await expect(panel).toHaveAttribute("data-phase", "collecting");
  await expect(panel).toContainText(`0 of ${PERSONALIZE_MIN_SAMPLES} so far`);

  // 1. The writer's held-out words with the standard model.
  const before = await heldOutCer(page);

  // 2. Correct readings until the page has enough samples; they stay on this device.
  expect(fixture.adapt.length).toBeGreaterThanOrEqual(PERSONALIZE_MIN_SAMPLES);
  for (const [i, s] of fixture.adapt.slice(0, PERSONALIZE_MIN_SAMPLES).entries()) {
    await writeAndRead(page, s.ink);
    await page.getByTestId("correct-it").click();
    await page.getByLabel("What did you write?").fill(s.text);
    await page.getByTestId("correction-share").uncheck(); // local only: nothing is sent
    await page.getByRole("button", { name: "Save correction" }).click();
    await expect(page.getByTestId("correction-saved")).toContainText("Kept on this device");
    await page.getByRole("button", { name: "Done" }).click();
    if (i < PERSONALIZE_MIN_SAMPLES - 1) await expect(panel).toHaveAttribute("data-samples", String(i + 1));
  }

  // 3. The adaptation runs in the background (the page stays usable), then the page says so.
  await expect(panel).toHaveAttribute("data-phase", /adapting|personalized/, { timeout: 30_000 });
  await expect(panel).toHaveAttribute("data-phase", "personalized", { timeout: 240_000 });
  await expect(page.getByTestId("personalized-summary")).toContainText(`Adapted to your handwriting from ${PERSONALIZE_MIN_SAMPLES} samples`);

  // 4. The same held-out words, now read by the adapted recognizer: fewer errors.
  const after = await heldOutCer(page);
  console.log(`personalization e2e: ${fixture.writer}, ${fixture.heldOut.length} held-out words, CER ${(100 * before).toFixed(1)}% → ${(100 * after).toFixed(1)}% in Chromium`);
  expect(after, `held-out CER before ${before.toFixed(3)}, after ${after.toFixed(3)} (Node measured ${fixture.expected.cerBefore.toFixed(3)} → ${fixture.expected.cerAfter.toFixed(3)})`).toBeLessThan(before);

  // 5. The switch reads with the standard model again, and back.
  const toggle = page.getByTestId("personal-toggle");
  await toggle.click();
  await expect(panel).toHaveAttribute("data-applied", "false");
  await expect(page.getByTestId("personalized-summary")).toContainText("switched off");
  await toggle.click();
  await expect(panel).toHaveAttribute("data-applied", "true");

  // 6. A reload keeps it (IndexedDB); "Forget my handwriting" deletes samples and adaptation.
  await page.reload();
  await expect(page.getByTestId("model-status")).toHaveAttribute("data-phase", "ready", { timeout: 30_000 });
  await expect(panel).toHaveAttribute("data-phase", "personalized", { timeout: 15_000 });
  await page.getByTestId("forget-handwriting").click();
  await page.getByTestId("forget-confirm").click();
  await expect(panel).toHaveAttribute("data-phase", "collecting");
  await expect(panel).toHaveAttribute("data-samples", "0");
  await page.reload();
  await expect(page.getByTestId("model-status")).toHaveAttribute("data-phase", "ready", { timeout: 30_000 });
  await expect(panel).toHaveAttribute("data-phase", "collecting");
  await expect(panel).toHaveAttribute("data-samples", "0");
});

test("an adaptation the server's retrain derived for this writer is fetched, named and applied; forget deletes it there too", async ({ page }) => {
  test.setTimeout(180_000);
  // What a retrain job stores for a contributing writer (lib/retrain/derive-writer-adaptations.ts),
  // made here on the shipped weights with the same kernels (two epochs: this test is about the
  // hand-over, the first one about what adapting buys), under the e2e server's DATA_DIR.
  const writerId = `e2e-server-${Date.now()}`;
  const shipped = readPageModelParams(shippedModelDir(fixture.modelVersion)); // the weights the page loads
  const { record } = await adaptToWriter({ version: shipped.version, config: shipped.config, params: shipped.params }, fixture.adapt.slice(0, PERSONALIZE_MIN_SAMPLES), { epochs: 2, minSteps: 0 });
  const dataDir = path.join(REPO_ROOT, "data");
  saveWriterAdaptation(dataDir, shipped.version, writerId, { ...record, origin: "server", vocabulary: [] });
  await page.addInitScript((id) => {
    if (!sessionStorage.getItem("e2e-writer-set")) {
      localStorage.setItem("inkwell.writerId", id);
      sessionStorage.setItem("e2e-writer-set", "1");
    }
  }, writerId);

  const { version } = await openWritePage(page);
  expect(version).toBe(shipped.version);
  const panel = page.getByTestId("personalization");
  await expect(panel).toHaveAttribute("data-phase", "personalized", { timeout: 15_000 });
  await expect(page.getByTestId("personalized-summary")).toContainText(`Adapted to your handwriting from ${PERSONALIZE_MIN_SAMPLES} samples you contributed`);
  await expect(panel).toHaveAttribute("data-samples", "0"); // nothing of it is on this device's sample store

  // Forget: the server deletes it, the page takes a new writer id, and a reload finds nothing.
  await page.getByTestId("forget-handwriting").click();
  await expect(page.getByTestId("forget-confirm")).toBeVisible();
  await expect(panel).toContainText("here and on the server");
  await page.getByTestId("forget-confirm").click();
  await expect(panel).toHaveAttribute("data-phase", "collecting");
  await expect.poll(() => existsSync(path.join(dataDir, "adaptations", shipped.version, `${writerId}.json`))).toBe(false);
  expect(await page.evaluate(() => localStorage.getItem("inkwell.writerId"))).not.toBe(writerId);
  await page.reload();
  await expect(page.getByTestId("model-status")).toHaveAttribute("data-phase", "ready", { timeout: 30_000 });
  await expect(panel).toHaveAttribute("data-phase", "collecting");
});
