import { expect, test } from "@playwright/test";
import type { Ink } from "../lib/ink/types";
import { referenceRecognize } from "./helpers/reference-recognizer";
import { replayInkWithTouch, settledTranscript } from "./helpers/replay";
import { readUnipenFixtures } from "./helpers/write-fixtures";
import { openWritePage } from "./helpers/write-page";

/**
 * The Write page on a phone (the "mobile" project: Pixel 7, touch). Runs only there; the
 * desktop project runs e2e/write.spec.ts.
 */
const inks = readUnipenFixtures();
const WORD = "unipen7/anj/g9314/222"; // "size", 2 strokes
/** Fits a 360 px phone's canvas (the canvas is the page width less its margins). */
const PHONE_BOX = { width: 300, height: 180 };

async function noHorizontalScroll(page: import("@playwright/test").Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, "the page must not scroll sideways").toBeLessThanOrEqual(innerWidth);
}

test("writing with a finger is recognized, and the tools work by tapping", async ({ page }) => {
  test.setTimeout(60_000);
  const { version } = await openWritePage(page);
  await noHorizontalScroll(page);
  const canvas = page.getByTestId("ink-canvas");
  const bb = (await canvas.boundingBox())!;
  expect(bb.width).toBeGreaterThan(page.viewportSize()!.width * 0.8);

  const fitted: Ink = await replayInkWithTouch(page, canvas, inks.get(WORD)!.ink, PHONE_BOX);
  await expect(canvas).toHaveAttribute("data-strokes", String(fitted.strokes.length));
  const text = await settledTranscript(page, fitted.strokes.length);
  expect(text).toBe((await referenceRecognize(version, fitted)).candidates[0]?.text ?? "");

  // Touch targets: Undo and Clear respond to taps.
  await page.getByRole("button", { name: "Undo" }).tap();
  await expect(canvas).toHaveAttribute("data-strokes", String(fitted.strokes.length - 1));
  await page.getByRole("button", { name: "Clear" }).tap();
  await expect(canvas).toHaveAttribute("data-strokes", "0");
  await expect(page.getByTestId("transcript")).toHaveText("");
  for (const name of ["Undo", "Redo", "Clear", "Pen only", "Copy text"]) {
    const b = (await page.getByRole("button", { name }).boundingBox())!;
    expect(b.height, `${name} is a comfortable touch target`).toBeGreaterThanOrEqual(44);
  }
});

test("pen-only mode ignores a finger on a phone", async ({ page }) => {
  await openWritePage(page);
  await page.getByRole("button", { name: "Pen only" }).tap();
  const canvas = page.getByTestId("ink-canvas");
  await replayInkWithTouch(page, canvas, inks.get(WORD)!.ink, PHONE_BOX);
  await expect(canvas).toHaveAttribute("data-strokes", "0");
});

test.describe("at 360 px wide", () => {
  test.use({ viewport: { width: 360, height: 740 } });
  test("everything fits, with no sideways scrolling", async ({ page }) => {
    await openWritePage(page);
    await noHorizontalScroll(page);
    const canvas = (await page.getByTestId("ink-canvas").boundingBox())!;
    expect(canvas.x).toBeGreaterThanOrEqual(0);
    expect(canvas.x + canvas.width).toBeLessThanOrEqual(360);
    expect(canvas.height).toBeGreaterThanOrEqual(PHONE_BOX.height);
    for (const name of ["Undo", "Redo", "Clear", "Pen only"]) {
      const b = (await page.getByRole("button", { name }).boundingBox())!;
      expect(b.x + b.width, `${name} is on screen`).toBeLessThanOrEqual(360);
    }
  });
});
