import type { CDPSession, Locator, Page } from "@playwright/test";
import type { Ink } from "../../lib/ink/types";
import { fitInkToBox, REPLAY_BOX, type Box } from "./fit-ink";

/** Where a fitted ink's (0, 0) goes on the page: the replay box centred on the canvas, on whole pixels. */
async function replayOrigin(canvas: Locator, box: Box): Promise<{ x: number; y: number }> {
  // Mouse positions are viewport coordinates: a canvas scrolled partly out of view would lose strokes.
  await canvas.scrollIntoViewIfNeeded();
  const bb = await canvas.boundingBox();
  if (!bb) throw new Error("the ink canvas is not visible");
  if (bb.width < box.width || bb.height < box.height) throw new Error(`the canvas (${bb.width}×${bb.height}) is smaller than the replay box (${box.width}×${box.height})`);
  return { x: Math.round(bb.x + (bb.width - box.width) / 2), y: Math.round(bb.y + (bb.height - box.height) / 2) };
}

/**
 * Replays a recorded ink on the canvas with the mouse: down at each stroke's first point,
 * one move per point, up at its last. The ink is first fitted into `box` and rounded to whole
 * pixels (fitInkToBox), the very ink scripts/select-e2e-fixtures.ts recognized.
 */
export async function replayInkWithMouse(page: Page, canvas: Locator, ink: Ink, box: Box = REPLAY_BOX): Promise<Ink> {
  const fitted = fitInkToBox(ink, box);
  const o = await replayOrigin(canvas, box);
  for (const stroke of fitted.strokes) {
    const [first, ...rest] = stroke.points;
    await page.mouse.move(o.x + first.x, o.y + first.y);
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(o.x + p.x, o.y + p.y);
    await page.mouse.up();
  }
  return fitted;
}

/** Draws strokes with touch events (Chrome DevTools Protocol), as a finger on a phone would. */
export async function replayInkWithTouch(page: Page, canvas: Locator, ink: Ink, box: Box): Promise<Ink> {
  const fitted = fitInkToBox(ink, box);
  const o = await replayOrigin(canvas, box);
  const cdp: CDPSession = await page.context().newCDPSession(page);
  try {
    for (const stroke of fitted.strokes) {
      const [first, ...rest] = stroke.points;
      await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: o.x + first.x, y: o.y + first.y }] });
      for (const p of rest) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x: o.x + p.x, y: o.y + p.y }] });
      await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    }
  } finally {
    await cdp.detach();
  }
  return fitted;
}

/** Waits until the transcript reads the ink with `strokes` strokes (not an earlier one) and returns its text. */
export async function settledTranscript(page: Page, strokes: number, timeout = 20_000): Promise<string> {
  const transcript = page.getByTestId("transcript");
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="transcript"]');
      return el?.getAttribute("data-strokes") === String(n) && el.getAttribute("data-busy") === "false";
    },
    strokes,
    { timeout },
  );
  return (await transcript.textContent()) ?? "";
}
