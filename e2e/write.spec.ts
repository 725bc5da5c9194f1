import { expect, test, type Page } from "@playwright/test";
import type { Ink } from "../lib/ink/types";
import { CANDIDATES_SHOWN, PAGE_PRECISION } from "../app/components/write/recognition-settings";
import { lettersOfStroke } from "../app/components/write/letters-of-stroke";
import { fitInkToBox, REPLAY_BOX } from "./helpers/fit-ink";
import { referenceRecognize } from "./helpers/reference-recognizer";
import { replayInkWithMouse, settledTranscript } from "./helpers/replay";
import { readUnipenFixtures, readWriteFixtures, shippedModelDir, weightsSha256 } from "./helpers/write-fixtures";
import { canvasInk, openWritePage } from "./helpers/write-page";

const record = readWriteFixtures();
const inks = readUnipenFixtures();
const inkOf = (id: string): Ink => {
  const sample = inks.get(id);
  if (!sample) throw new Error(`e2e/fixtures/write-fixtures.json names ${id}, which is not in lib/ink/fixtures/unipen-fixtures.jsonl`);
  return sample.ink;
};

/** A word and a line from the committed fixtures, used where any real handwriting will do. */
const SOME_WORD = "unipen7/sta/sta0/hpb0-cb/99"; // "committee", 7 strokes
const SOME_LINE = "unipen8/sta/sta1/hpb1-scd/4"; // "from the day when our fathers", 9 strokes

async function clearCanvas(page: Page) {
  const clear = page.getByRole("button", { name: "Clear" });
  if (await clear.isEnabled()) await clear.click(); // disabled when the canvas is already empty
  await expect(page.getByTestId("ink-canvas")).toHaveAttribute("data-strokes", "0");
}

async function writeAndRead(page: Page, id: string): Promise<{ fitted: Ink; text: string }> {
  const fitted = await replayInkWithMouse(page, page.getByTestId("ink-canvas"), inkOf(id));
  await expect(page.getByTestId("ink-canvas")).toHaveAttribute("data-strokes", String(fitted.strokes.length));
  const text = await settledTranscript(page, fitted.strokes.length);
  await page.mouse.move(1, 1); // off the canvas: no hover highlight left behind
  return { fitted, text };
}

test.describe("real recorded handwriting is transcribed exactly", () => {
  const STALE = "e2e/fixtures/write-fixtures.json was made for another model: rerun `npx tsx scripts/select-e2e-fixtures.ts`";
  const expectSameModel = (version: string) => {
    expect(version, STALE).toBe(record.modelVersion);
    expect(weightsSha256(shippedModelDir(version)), STALE).toBe(record.weightsSha256);
  };

  test("single words", async ({ page }) => {
    test.skip(record.words.length === 0, `model ${record.modelVersion} reads no word fixture exactly (scripts/select-e2e-fixtures.ts)`);
    test.setTimeout(90_000);
    const { version } = await openWritePage(page);
    expectSameModel(version);
    for (const fixture of record.words.slice(0, 3)) {
      await clearCanvas(page);
      const { text } = await writeAndRead(page, fixture.id);
      expect(text, fixture.id).toBe(fixture.text);
    }
  });

  test("multi-word lines", async ({ page }) => {
    test.skip(record.lines.length === 0, `model ${record.modelVersion} reads no line fixture exactly (scripts/select-e2e-fixtures.ts)`);
    test.setTimeout(150_000); // two lines of ~500 replayed points each, recognized after every stroke
    const { version } = await openWritePage(page);
    expectSameModel(version);
    for (const fixture of record.lines.slice(0, 2)) {
      await clearCanvas(page);
      const { text } = await writeAndRead(page, fixture.id);
      expect(text, fixture.id).toBe(fixture.text);
      expect(text).toContain(" ");
    }
  });
});

test("the page reads a word and a line exactly as the recognizer does in Node, n-best included", async ({ page }) => {
  test.setTimeout(150_000);
  const { version } = await openWritePage(page);
  for (const id of [SOME_WORD, SOME_LINE]) {
    await clearCanvas(page);
    const { fitted, text } = await writeAndRead(page, id);
    const expected = await referenceRecognize(version, fitted);
    expect(text, id).toBe(expected.candidates[0]?.text ?? "");
    // Alternatives: the same number, distinct, none equal to the transcript, and the first one a
    // reading a wide reference beam also holds. Deeper ones are not compared: the browser's ink
    // sits at another offset on the canvas, and the last digits that changes can swap near-tied
    // tail candidates (the top one is robust, and is compared exactly above).
    const shown = Math.min(CANDIDATES_SHOWN, expected.candidates.length - 1);
    if (shown > 0) {
      const buttons = page.getByTestId("candidates").getByRole("button");
      await expect(buttons).toHaveCount(shown);
      const alts = await buttons.allTextContents();
      expect(new Set(alts).size, "alternatives are distinct").toBe(alts.length);
      expect(alts).not.toContain(text);
      const wide = await referenceRecognize(version, fitted, { nBest: 64, beamWidth: 64 });
      const held = new Set(wide.candidates.map((c) => (c.text === "" ? "(nothing)" : c.text)));
      expect(held, `first alternative "${alts[0]}"`).toContain(alts[0]);
    }
  }
  // The status line reports the model, the engine and a measured latency.
  const status = page.getByTestId("model-status");
  await expect(status).toHaveAttribute("data-engine", "wasm-simd");
  // The page is cross-origin isolated, so the recognizer gets its second kernel thread.
  await expect(status).toHaveAttribute("data-threads", "2");
  await expect(status).toHaveAttribute("data-kernels", /^shared/);
  await expect(status).toContainText("2 threads");
  // It names the kernels: the page's precision (int8, from the version's int8 form).
  await expect(status).toHaveAttribute("data-precision", PAGE_PRECISION);
  await expect(status).toContainText(`${PAGE_PRECISION} kernels`);
  // The latency figure follows the transcript by a frame (it is set after the transcript's paint).
  await expect(status).toHaveAttribute("data-latency-ms", /^\d+\.\d$/);
  expect(Number(await status.getAttribute("data-latency-ms"))).toBeGreaterThan(0);
  await expect(status).toContainText(`Model ${version}`);
});

test("undo, redo and clear change the canvas and the transcript (buttons and keyboard)", async ({ page }) => {
  test.setTimeout(60_000);
  const { version } = await openWritePage(page);
  const canvas = page.getByTestId("ink-canvas");
  const transcript = page.getByTestId("transcript");
  const { fitted, text: full } = await writeAndRead(page, SOME_WORD);
  const n = fitted.strokes.length;
  const fullInk = await canvasInk(page);
  expect(fullInk.inked).toBeGreaterThan(500);

  const shorter: Ink = { version: 1, strokes: fitted.strokes.slice(0, n - 1) };
  const expectedShorter = (await referenceRecognize(version, shorter)).candidates[0]?.text ?? "";

  // Undo (button): one stroke fewer on the canvas, and the transcript re-read for it.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(canvas).toHaveAttribute("data-strokes", String(n - 1));
  expect(await settledTranscript(page, n - 1)).toBe(expectedShorter);
  expect((await canvasInk(page)).inked).toBeLessThan(fullInk.inked);

  // Redo (Shift+Ctrl+Z): back to the full ink and its transcript.
  await page.keyboard.press("Shift+Control+z");
  await expect(canvas).toHaveAttribute("data-strokes", String(n));
  expect(await settledTranscript(page, n)).toBe(full);
  expect((await canvasInk(page)).inked).toBe(fullInk.inked);

  // Undo (Ctrl+Z) and Redo (button).
  await page.keyboard.press("Control+z");
  await expect(canvas).toHaveAttribute("data-strokes", String(n - 1));
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(canvas).toHaveAttribute("data-strokes", String(n));
  expect(await settledTranscript(page, n)).toBe(full);

  // Clear (Escape): empty canvas, empty transcript, the prompt to write again.
  await page.keyboard.press("Escape");
  await expect(canvas).toHaveAttribute("data-strokes", "0");
  await expect(transcript).toHaveText("");
  await expect(page.getByTestId("transcript-placeholder")).toContainText("Write a word or a line");
  expect((await canvasInk(page)).inked).toBe(0);
  await expect(page.getByRole("button", { name: "Copy text" })).toBeDisabled();

  // A clear is undoable too.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(canvas).toHaveAttribute("data-strokes", String(n));
  expect(await settledTranscript(page, n)).toBe(full);
});

test("hovering a letter highlights its strokes; hovering a stroke highlights its letters", async ({ page }) => {
  test.setTimeout(60_000);
  const { version } = await openWritePage(page);
  const { fitted, text } = await writeAndRead(page, SOME_LINE);
  const expected = await referenceRecognize(version, fitted);
  expect(text).toBe(expected.candidates[0]?.text ?? "");
  test.skip(expected.alignment.length === 0, `model ${version} reads nothing in ${SOME_LINE}: no letters to hover`);

  // Letter → strokes.
  const first = expected.alignment[0];
  const letter = page.getByTestId("transcript").locator(`[data-index="${first.index}"]`);
  expect((await canvasInk(page)).highlighted).toBe(0);
  await letter.hover();
  await expect(letter).toHaveAttribute("data-highlighted", "true");
  await expect.poll(async () => (await canvasInk(page)).highlighted).toBeGreaterThan(50);
  await page.mouse.move(1, 1);
  await expect(letter).not.toHaveAttribute("data-highlighted", "true");
  await expect.poll(async () => (await canvasInk(page)).highlighted).toBe(0);

  // Keyboard focus does the same.
  await letter.focus();
  await expect(letter).toHaveAttribute("data-highlighted", "true");
  await letter.blur();

  // Stroke → letters: point at the middle of a stroke that made a letter.
  const stroke = first.strokes[0];
  const pts = fitted.strokes[stroke].points;
  const mid = pts[Math.floor(pts.length / 2)];
  const bb = (await page.getByTestId("ink-canvas").boundingBox())!;
  const ox = Math.round(bb.x + (bb.width - REPLAY_BOX.width) / 2);
  const oy = Math.round(bb.y + (bb.height - REPLAY_BOX.height) / 2);
  await page.mouse.move(ox + mid.x, oy + mid.y);
  const wanted = lettersOfStroke(expected.alignment, stroke);
  await expect(page.getByTestId("transcript").locator('[data-highlighted="true"]')).toHaveCount(wanted.length);
  for (const i of wanted) await expect(page.getByTestId("transcript").locator(`[data-index="${i}"]`)).toHaveAttribute("data-highlighted", "true");
  await expect.poll(async () => (await canvasInk(page)).highlighted).toBeGreaterThan(0);
});

test("clicking an alternative makes it the transcript", async ({ page }) => {
  test.setTimeout(120_000); // replays a ~500-point line
  const { version } = await openWritePage(page);
  const { fitted } = await writeAndRead(page, SOME_LINE);
  const expected = await referenceRecognize(version, fitted);
  test.skip(expected.candidates.length < 2, `model ${version} offers no alternative for ${SOME_LINE}`);
  const first = page.getByTestId("candidates").getByRole("button").first();
  const alt = (await first.textContent()) ?? "";
  expect(alt).not.toBe(expected.candidates[0].text);
  await first.click();
  await expect(page.getByTestId("transcript")).toHaveText(alt === "(nothing)" ? "" : alt);
  // The former top reading is now offered as an alternative, so the choice can be undone.
  await expect(page.getByTestId("candidates").getByRole("button").first()).toHaveText(expected.candidates[0].text || "(nothing)");
});

test("a reload loads the model from Cache Storage, without downloading the weights again", async ({ page }) => {
  test.setTimeout(60_000);
  const first = await openWritePage(page);
  expect(first.fromCache).toBe(false);
  const modelRequests: string[] = [];
  page.on("request", (r) => {
    if (/\/models\/[^/]+\/(weights(\.int8)?\.bin|model(\.int8)?\.json)/.test(r.url())) modelRequests.push(r.url());
  });
  await page.reload();
  const status = page.getByTestId("model-status");
  await expect(status).toHaveAttribute("data-phase", "ready", { timeout: 30_000 });
  await expect(status).toHaveAttribute("data-from-cache", "true");
  await expect(status).toContainText("loaded from this device");
  expect(modelRequests).toEqual([]);
  // And it still reads.
  const { fitted, text } = await writeAndRead(page, SOME_WORD);
  expect(text).toBe((await referenceRecognize(first.version, fitted)).candidates[0]?.text ?? "");
});

test("a model that fails to download gets a friendly message and a working retry", async ({ page }) => {
  await page.route(/\/models\/[^/]+\/weights(\.int8)?\.bin$/, (route) => route.abort("internetdisconnected"));
  await page.goto("/");
  const status = page.getByTestId("model-status");
  await expect(status).toHaveAttribute("data-phase", "error", { timeout: 30_000 });
  await expect(status).toContainText("could not be downloaded");
  // The page is still there: canvas and tools work, the transcript says why it is not reading.
  await expect(page.getByTestId("ink-canvas")).toBeVisible();
  await page.unroute(/\/models\/[^/]+\/weights(\.int8)?\.bin$/);
  await status.getByRole("button", { name: "Try again" }).click();
  await expect(status).toHaveAttribute("data-phase", "ready", { timeout: 30_000 });
});

test("the download shows its progress in bytes", async ({ page }) => {
  // Slow the weights down so the progress state is on screen long enough to see.
  await page.route(/\/models\/[^/]+\/weights(\.int8)?\.bin$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto("/");
  const status = page.getByTestId("model-status");
  await expect(status).toHaveAttribute("data-phase", /starting|loading/);
  await expect(status).toContainText(/handwriting model/);
  await expect(status).toHaveAttribute("data-phase", "ready", { timeout: 30_000 });
});

test("“That’s wrong → correct it” sends the ink and the corrected text as a sample", async ({ page }) => {
  test.setTimeout(60_000);
  await openWritePage(page);
  const { fitted, text } = await writeAndRead(page, SOME_WORD);
  await page.getByTestId("correct-it").click();
  const input = page.getByLabel("What did you write?");
  await expect(input).toHaveValue(text);
  await expect(input).toBeFocused();
  await input.fill("committee");
  const [request, response] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith("/api/samples") && r.method() === "POST"),
    page.waitForResponse((r) => r.url().endsWith("/api/samples")),
    page.getByRole("button", { name: "Save correction" }).click(),
  ]);
  const body = request.postDataJSON();
  expect(body).toMatchObject({ text: "committee", source: "corrected", consent: true });
  expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.writerId).toEqual(await page.evaluate(() => localStorage.getItem("inkwell.writerId")));
  expect(body.ink.version).toBe(1);
  expect(body.ink.strokes).toHaveLength(fitted.strokes.length);
  expect(response.ok(), `POST /api/samples answered ${response.status()}`).toBe(true);
  await expect(page.getByTestId("correction-saved")).toContainText("sent to Inkwell as a training sample");
  await expect(page.getByTestId("personalization")).toHaveAttribute("data-samples", "1");
});

test("a correction the server refuses says why and keeps the text", async ({ page }) => {
  test.setTimeout(60_000);
  await page.route("**/api/samples", (route) => route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: "unavailable", message: "the database is busy" }) }));
  await openWritePage(page);
  await writeAndRead(page, SOME_WORD);
  await page.getByTestId("correct-it").click();
  const input = page.getByLabel("What did you write?");
  await input.fill("committee");
  await page.getByRole("button", { name: "Save correction" }).click();
  await expect(page.getByTestId("correction-error")).toContainText("Kept on this device, but not sent: the database is busy");
  await expect(input).toHaveValue("committee");
  // Empty text cannot be saved.
  await input.fill("   ");
  await expect(page.getByRole("button", { name: "Save correction" })).toBeDisabled();
  // Escape closes the editor without clearing the canvas.
  await input.press("Escape");
  await expect(page.getByTestId("correction-form")).toHaveCount(0);
  await expect(page.getByTestId("ink-canvas")).not.toHaveAttribute("data-strokes", "0");
});

test("pen-only mode ignores everything but a pen (the mouse here) until switched off", async ({ page }) => {
  await openWritePage(page);
  const toggle = page.getByRole("button", { name: "Pen only" });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  // Mouse is not a pen: in pen-only mode it does not draw.
  const bb = (await page.getByTestId("ink-canvas").boundingBox())!;
  await page.mouse.move(bb.x + 50, bb.y + 50);
  await page.mouse.down();
  await page.mouse.move(bb.x + 120, bb.y + 90);
  await page.mouse.up();
  await expect(page.getByTestId("ink-canvas")).toHaveAttribute("data-strokes", "0");
  await toggle.click();
  await page.mouse.move(bb.x + 50, bb.y + 50);
  await page.mouse.down();
  await page.mouse.move(bb.x + 120, bb.y + 90);
  await page.mouse.up();
  await expect(page.getByTestId("ink-canvas")).toHaveAttribute("data-strokes", "1");
});

test("fitInkToBox keeps every replayed point inside the replay box", () => {
  const outside: string[] = [];
  for (const sample of inks.values()) {
    const fitted = fitInkToBox(sample.ink, REPLAY_BOX);
    expect(fitted.strokes.length, sample.id).toBe(sample.ink.strokes.length);
    for (const s of fitted.strokes)
      for (const p of s.points) if (!(p.x > 0 && p.y > 0 && p.x < REPLAY_BOX.width && p.y < REPLAY_BOX.height)) outside.push(`${sample.id}: (${p.x}, ${p.y})`);
  }
  expect(outside).toEqual([]);
});
