import { expect, test, type Page } from "@playwright/test";
import { PAGE_DECODING } from "../app/components/write/recognition-settings";
import { lettersOfStroke } from "../app/components/write/letters-of-stroke";
import { fitInkToBox, REPLAY_BOX } from "./helpers/fit-ink";
import { readNoteFixture } from "./helpers/note-fixture";
import { referenceRecognize } from "./helpers/reference-recognizer";
import { replayInkWithMouse, settledTranscript } from "./helpers/replay";
import { shippedModelDir, weightsSha256 } from "./helpers/write-fixtures";
import { openWritePage } from "./helpers/write-page";

/**
 * A note of three lines on the Write page: real handwriting (three lines by one UNIPEN validation
 * writer, stacked; e2e/fixtures/note-fixture.json, chosen by scripts/select-e2e-note.ts because
 * the shipped model reads it exactly on the page) replayed as real pointer events.
 */
const note = readNoteFixture();
const labels = note.text.split("\n");
const STALE = "e2e/fixtures/note-fixture.json was made for another model or decoding: rerun `npx tsx scripts/select-e2e-note.ts`";

/** The box (CSS px, relative to the canvas) that holds the canvas's highlighted pixels, or null when none is. */
async function highlightedBox(page: Page): Promise<{ top: number; bottom: number; count: number } | null> {
  return page.getByTestId("ink-canvas").evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const scale = canvas.height / canvas.clientHeight;
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let top = Infinity;
    let bottom = -Infinity;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 128 || !(data[i] > 150 && data[i + 2] < 90)) continue; // the orange highlight, as canvasInk counts it
      const y = Math.floor(i / 4 / canvas.width) / scale;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      count++;
    }
    return count ? { top, bottom, count } : null;
  });
}

test("a 3-line note reads as three lines; letters and strokes map within line 2; line 3 is corrected on its own", async ({ page }) => {
  test.setTimeout(240_000); // ~1,500 replayed points, recognised after every stroke
  const { version } = await openWritePage(page);
  expect(version, STALE).toBe(note.modelVersion);
  expect(weightsSha256(shippedModelDir(version)), STALE).toBe(note.weightsSha256);
  const { lm: _lm, wordLm: _wordLm, lexicon: _lexicon, ...decoding } = note.decoding;
  expect(decoding, STALE).toEqual({ ...PAGE_DECODING });
  expect(note.replayBox).toEqual(REPLAY_BOX);
  // The fixture is already fitted: replaying fits it again, which must leave it as it is.
  expect(fitInkToBox(note.fitted, REPLAY_BOX)).toEqual(note.fitted);

  const canvas = page.getByTestId("ink-canvas");
  const before = (await canvas.boundingBox())!;
  const origin = { x: Math.round(before.x + (before.width - REPLAY_BOX.width) / 2), y: Math.round(before.y + (before.height - REPLAY_BOX.height) / 2) };
  await replayInkWithMouse(page, canvas, note.fitted);
  const n = note.fitted.strokes.length;
  await expect(canvas).toHaveAttribute("data-strokes", String(n));

  // 1. Three transcript rows, joined by newlines: the note as written.
  const text = await settledTranscript(page, n, 30_000);
  expect(text).toBe(note.text);
  const rows = page.getByTestId("transcript-line");
  await expect(rows).toHaveCount(3);
  for (const [k, label] of labels.entries()) await expect(rows.nth(k)).toHaveText(label);
  await expect(canvas).toHaveAttribute("data-lines", "3");
  // The canvas grew to leave room for a fourth line, downwards (the ink did not move).
  const after = (await canvas.boundingBox())!;
  expect(after.y).toBe(before.y);
  expect(after.height).toBeGreaterThan(before.height);
  await page.mouse.move(1, 1);

  // 2. Hovering a letter of line 2 highlights its strokes, and only strokes of line 2.
  const line2 = note.lines[1].map((i) => note.fitted.strokes[i]);
  const line2Ys = line2.flatMap((s) => s.points.map((p) => origin.y - before.y + p.y));
  const [line2Top, line2Bottom] = [Math.min(...line2Ys), Math.max(...line2Ys)];
  expect(await highlightedBox(page)).toBeNull();
  const letter = rows.nth(1).locator('[data-index][title]:not([title="Show the strokes of “space”"])').first();
  await letter.hover();
  await expect(letter).toHaveAttribute("data-highlighted", "true");
  await expect(page.getByTestId("transcript").locator('[data-highlighted="true"]')).toHaveCount(1);
  await expect.poll(async () => (await highlightedBox(page))?.count ?? 0).toBeGreaterThan(30);
  const lit = (await highlightedBox(page))!;
  expect(lit.top).toBeGreaterThanOrEqual(line2Top - 4); // the stroke's width
  expect(lit.bottom).toBeLessThanOrEqual(line2Bottom + 4);
  await page.mouse.move(1, 1);
  await expect.poll(async () => await highlightedBox(page)).toBeNull();

  // Hovering a stroke of line 2 highlights its letters, in row 2: those the recognizer in Node says it made.
  const alone = await referenceRecognize(version, { version: 1, strokes: line2 });
  expect(alone.candidates[0]?.text).toBe(labels[1]);
  const local = alone.alignment.find((a) => a.char !== " " && a.strokes.length > 0)!.strokes[0];
  const wanted = lettersOfStroke(alone.alignment, local);
  const pts = line2[local].points;
  const mid = pts[Math.floor(pts.length / 2)];
  // Hovering the letter scrolled the page: find the ink's place on the canvas again.
  await canvas.scrollIntoViewIfNeeded();
  const now = (await canvas.boundingBox())!;
  await page.mouse.move(now.x + (origin.x - before.x) + mid.x, now.y + (origin.y - before.y) + mid.y);
  const highlighted = page.getByTestId("transcript").locator('[data-highlighted="true"]');
  await expect(highlighted).toHaveCount(wanted.length);
  for (const i of wanted) await expect(rows.nth(1).locator(`[data-index="${i}"]`)).toHaveAttribute("data-highlighted", "true");
  await expect.poll(async () => (await highlightedBox(page))?.count ?? 0).toBeGreaterThan(0);
  await page.mouse.move(1, 1);

  // 3. Each line has its own alternatives: tapping row 2 offers line 2's.
  await rows.nth(1).click();
  await expect(rows.nth(1)).toHaveAttribute("data-active", "true");
  const candidates = page.getByTestId("candidates");
  if ((await candidates.count()) > 0) {
    await expect(candidates).toHaveAttribute("data-line", "1");
    await expect(page.getByText("Or did you mean, on line 2")).toBeVisible();
  }

  // 4. Correct line 3: the form offers that line's reading; the sample is that line's ink and text.
  await rows.nth(2).click();
  await expect(rows.nth(2)).toHaveAttribute("data-active", "true");
  const correctIt = page.getByTestId("correct-it");
  await expect(correctIt).toHaveText("Line 3 is wrong → correct it");
  await correctIt.click();
  const input = page.getByLabel("What did you write on line 3?");
  await expect(input).toHaveValue(labels[2]);
  const corrected = `${labels[2]}!`;
  await input.fill(corrected);
  const [request, response] = await Promise.all([
    page.waitForRequest((r) => r.url().endsWith("/api/samples") && r.method() === "POST"),
    page.waitForResponse((r) => r.url().endsWith("/api/samples")),
    page.getByRole("button", { name: "Save correction" }).click(),
  ]);
  expect(response.ok(), `POST /api/samples answered ${response.status()}`).toBe(true);
  const body = request.postDataJSON();
  expect(body).toMatchObject({ text: corrected, source: "corrected", consent: true });
  expect(body.ink.strokes).toHaveLength(note.lines[2].length);
  // The strokes of line 3 (as captured: the replayed points, moved by the canvas's offset; capture
  // keeps sub-pixel positions, so each stroke's box is compared, within a pixel).
  type Pt = { x: number; y: number };
  const boxOf = (points: readonly Pt[]) => ({ minX: Math.min(...points.map((p) => p.x)), minY: Math.min(...points.map((p) => p.y)), maxX: Math.max(...points.map((p) => p.x)), maxY: Math.max(...points.map((p) => p.y)) });
  const sentBoxes = (body.ink.strokes as { points: Pt[] }[]).map((s) => boxOf(s.points));
  const line3Boxes = note.lines[2].map((i) => boxOf(note.fitted.strokes[i].points));
  const dx = sentBoxes[0].minX - line3Boxes[0].minX;
  const dy = sentBoxes[0].minY - line3Boxes[0].minY;
  sentBoxes.forEach((b, k) => {
    const want = line3Boxes[k];
    for (const [got, expected] of [
      [b.minX - dx, want.minX],
      [b.maxX - dx, want.maxX],
      [b.minY - dy, want.minY],
      [b.maxY - dy, want.maxY],
    ])
      expect(Math.abs(got - expected), `stroke ${k} of line 3`).toBeLessThanOrEqual(1);
  });
  await expect(page.getByTestId("correction-saved")).toContainText(`labelled “${corrected}”`);
  // Applied: row 3 shows the correction, rows 1 and 2 are as read; the device keeps one sample (one line).
  await expect(rows.nth(2)).toHaveText(corrected);
  await expect(rows.nth(0)).toHaveText(labels[0]);
  await expect(rows.nth(1)).toHaveText(labels[1]);
  await expect(page.getByTestId("transcript")).toHaveText(`${labels[0]}\n${labels[1]}\n${corrected}`);
  await expect(page.getByTestId("personalization")).toHaveAttribute("data-samples", "1");
});
