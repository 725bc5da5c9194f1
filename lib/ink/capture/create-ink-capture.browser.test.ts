/**
 * Exercises the DOM glue of createInkCapture in a real Chromium (the system one; Playwright
 * cannot download browsers here). Mouse input goes through Playwright's real input pipeline;
 * pen and touch, which Playwright cannot emulate with pressure, are dispatched as PointerEvents.
 * Set CHROMIUM_PATH to use another binary; the suite is skipped when none is found.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium, type Browser, type Page } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ink } from "../types";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ORIGIN = "http://localhost:4321"; // intercepted by page.route; a secure context, unlike about:blank

const PAGE = `<!doctype html><html><body style="margin:0">
<canvas id="c" style="position:absolute; left:20px; top:30px; width:400px; height:200px; border:0"></canvas>
<script src="/capture.js"></script>
<script>
  window.changes = [];
  window.capture = InkCaptureBundle.createInkCapture(document.getElementById("c"), { color: "rgb(0,0,0)", highlightColor: "rgb(255,0,0)", style: { size: 6 } });
  window.capture.onChange((c) => window.changes.push(c));
  window.pointer = (type, pointerType, x, y, extra = {}) =>
    document.getElementById("c").dispatchEvent(new PointerEvent(type, {
      bubbles: true, cancelable: true, pointerType, clientX: 20 + x, clientY: 30 + y, pointerId: extra.pointerId ?? 5,
      pressure: extra.pressure ?? 0.5, isPrimary: true, button: 0,
    }));
</script></body></html>`;

declare global {
  interface Window {
    capture: import("./create-ink-capture").InkCapture;
    changes: import("./create-ink-capture").InkChange[];
    pointer: (type: string, pointerType: string, x: number, y: number, extra?: { pointerId?: number; pressure?: number }) => void;
  }
}

describe.skipIf(!existsSync(CHROMIUM))("createInkCapture in Chromium", () => {
  let browser: Browser;
  let bundle: string;

  beforeAll(async () => {
    const out = await build({
      entryPoints: [join(import.meta.dirname, "create-ink-capture.ts")],
      bundle: true,
      format: "iife",
      globalName: "InkCaptureBundle",
      write: false,
      logLevel: "silent",
    });
    bundle = out.outputFiles[0].text;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  });
  afterAll(async () => browser?.close());

  async function openPage(deviceScaleFactor = 1): Promise<Page> {
    const context = await browser.newContext({ deviceScaleFactor, viewport: { width: 600, height: 400 } });
    const page = await context.newPage();
    await page.route(`${ORIGIN}/**`, (route) =>
      route.request().url().endsWith("/capture.js")
        ? route.fulfill({ contentType: "text/javascript", body: bundle })
        : route.fulfill({ contentType: "text/html", body: PAGE }),
    );
    await page.goto(`${ORIGIN}/`);
    return page;
  }

  async function mouseStroke(page: Page, from: [number, number], to: [number, number], steps = 12) {
    await page.mouse.move(20 + from[0], 30 + from[1]);
    await page.mouse.down();
    await page.mouse.move(20 + to[0], 30 + to[1], { steps });
    await page.mouse.up();
  }

  const ink = (page: Page) => page.evaluate(() => window.capture.getInk());

  it("records mouse strokes in canvas CSS px with t from 0 and mouse pressure 0.5, on a 2x backing store", async () => {
    const page = await openPage(2);
    expect(await page.evaluate(() => [document.getElementById("c")!.getAttribute("width"), (document.getElementById("c") as HTMLCanvasElement).height])).toEqual(["800", 400]);
    await mouseStroke(page, [50, 60], [150, 100]);
    await mouseStroke(page, [200, 50], [200, 150]);
    const result: Ink = await ink(page);
    expect(result.version).toBe(1);
    expect(result.strokes).toHaveLength(2);
    const [first, second] = result.strokes;
    expect(first.points.length).toBeGreaterThanOrEqual(10);
    expect(first.points[0]).toMatchObject({ x: 50, y: 60, t: 0, p: 0.5 });
    expect(first.points[first.points.length - 1]).toMatchObject({ x: 150, y: 100 });
    expect(second.points.every((p) => Math.abs(p.x - 200) < 1e-9 && p.y >= 50 && p.y <= 150)).toBe(true);
    const ts = result.strokes.flatMap((s) => s.points.map((p) => p.t!));
    expect(ts.every((t, i) => Number.isFinite(t) && (i === 0 || t >= ts[i - 1]))).toBe(true);
    expect(await page.evaluate(() => window.changes.map((c) => [c.reason, c.ink.strokes.length, c.pointerTypes.join()]))).toEqual([
      ["stroke", 1, "mouse"],
      ["stroke", 2, "mouse,mouse"],
    ]);
    // The stroke was drawn: an opaque pixel on the first stroke's midpoint (device px = 2x CSS px).
    const alpha = await page.evaluate(() => {
      const c = document.getElementById("c") as HTMLCanvasElement;
      return c.getContext("2d")!.getImageData(200, 160, 1, 1).data[3];
    });
    expect(alpha).toBeGreaterThan(200);
  });

  it("undo, redo and clear produce new ink values and never mutate earlier ones", async () => {
    const page = await openPage();
    await mouseStroke(page, [10, 10], [100, 10]);
    await mouseStroke(page, [10, 50], [100, 50]);
    const check = await page.evaluate(() => {
      const c = window.capture;
      const two = c.getInk();
      const snapshot = JSON.stringify(two);
      const undone = (c.undo(), c.getInk());
      const redone = (c.redo(), c.getInk());
      c.clear();
      const cleared = c.getInk();
      c.undo();
      const restored = c.getInk();
      return {
        lengths: [undone.strokes.length, redone.strokes.length, cleared.strokes.length, restored.strokes.length],
        distinct: new Set([two, undone, cleared]).size,
        redoneIsTwo: redone === two,
        unchanged: JSON.stringify(two) === snapshot,
        reasons: window.changes.map((ch) => ch.reason),
        flags: [c.canUndo(), c.canRedo()],
        frozen: Object.isFrozen(two.strokes),
      };
    });
    expect(check).toEqual({
      lengths: [1, 2, 0, 2],
      distinct: 3,
      redoneIsTwo: true,
      unchanged: true,
      reasons: ["stroke", "stroke", "undo", "redo", "clear", "undo"],
      flags: [true, true],
      frozen: true,
    });
  });

  it("cancels the stroke in progress when the pointer leaves the canvas or is cancelled", async () => {
    const page = await openPage();
    await page.mouse.move(20 + 300, 30 + 100);
    await page.mouse.down();
    await page.mouse.move(20 + 390, 30 + 100, { steps: 4 });
    await page.mouse.move(20 + 500, 30 + 100, { steps: 4 }); // off the canvas, still captured
    await page.mouse.move(20 + 350, 30 + 100, { steps: 4 }); // back in: the stroke stays cancelled
    await page.mouse.up();
    expect((await ink(page)).strokes).toHaveLength(0);
    await page.evaluate(() => {
      window.pointer("pointerdown", "touch", 10, 10, { pointerId: 9 });
      window.pointer("pointermove", "touch", 30, 10, { pointerId: 9 });
      window.pointer("pointercancel", "touch", 30, 10, { pointerId: 9 });
      window.pointer("pointerup", "touch", 30, 10, { pointerId: 9 });
    });
    expect((await ink(page)).strokes).toHaveLength(0);
    expect(await page.evaluate(() => window.changes.length)).toBe(0);
  });

  it("records pen pressure and rejects touch once a pen is seen; a pen replaces a palm touch", async () => {
    const page = await openPage();
    const types = await page.evaluate(() => {
      const p = window.pointer;
      p("pointerdown", "touch", 10, 10, { pointerId: 2 }); // touch before any pen: draws
      p("pointermove", "touch", 20, 12, { pointerId: 2 });
      p("pointerup", "touch", 20, 12, { pointerId: 2 });
      p("pointerdown", "touch", 100, 100, { pointerId: 3 }); // palm lands first...
      p("pointermove", "touch", 101, 101, { pointerId: 3 });
      p("pointerdown", "pen", 50, 50, { pointerId: 4, pressure: 0.2 }); // ...then the pen: palm stroke dropped
      p("pointermove", "touch", 110, 110, { pointerId: 3 });
      p("pointermove", "pen", 60, 55, { pointerId: 4, pressure: 0.8 });
      p("pointerup", "touch", 110, 110, { pointerId: 3 });
      p("pointerup", "pen", 62, 56, { pointerId: 4, pressure: 0 });
      p("pointerdown", "touch", 150, 150, { pointerId: 6 }); // pen seen: touch ignored now
      p("pointermove", "touch", 160, 150, { pointerId: 6 });
      p("pointerup", "touch", 160, 150, { pointerId: 6 });
      return window.capture.getPointerTypes();
    });
    expect(types).toEqual(["touch", "pen"]);
    const pen = (await ink(page)).strokes[1].points;
    // PointerEvent.pressure is a float32, so 0.2 arrives as 0.200000003.
    expect(pen.map((p) => [p.x, p.y, Math.round(p.p! * 1e6) / 1e6])).toEqual([
      [50, 50, 0.2],
      [60, 55, 0.8],
      [62, 56, 0],
    ]);
    await page.evaluate(() => {
      window.capture.setInputMode("pen-only");
      window.pointer("pointerdown", "mouse", 150, 150, { pointerId: 1 });
      window.pointer("pointerup", "mouse", 160, 150, { pointerId: 1 });
    });
    expect((await ink(page)).strokes).toHaveLength(2);
  });

  it("loads an ink, highlights chosen strokes in the accent colour, and rejects invalid inks", async () => {
    const page = await openPage();
    const pixels = await page.evaluate(() => {
      const c = document.getElementById("c") as HTMLCanvasElement;
      const line = (y: number) => ({ points: Array.from({ length: 30 }, (_, i) => ({ x: 20 + i * 10, y })) });
      window.capture.setInk({ version: 1, strokes: [line(40), line(120)] });
      window.capture.setHighlight([1]);
      return new Promise<number[][]>((resolve) =>
        requestAnimationFrame(() => {
          const g = c.getContext("2d")!;
          resolve([Array.from(g.getImageData(150, 40, 1, 1).data), Array.from(g.getImageData(150, 120, 1, 1).data)]);
        }),
      );
    });
    expect(pixels[0]).toEqual([0, 0, 0, 255]);
    expect(pixels[1]).toEqual([255, 0, 0, 255]);
    const error = await page.evaluate(() => {
      try {
        window.capture.setInk({ version: 1, strokes: [{ points: [{ x: NaN, y: 0 }] }] });
        return "no error";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(error).toMatch(/invalid ink/);
    expect(await page.evaluate(() => window.changes.map((c) => c.reason))).toEqual(["load"]);
  });

  it("keeps a stroke where it is written when the page resizes the canvas mid-stroke (a note's canvas grows)", async () => {
    const page = await openPage();
    await page.mouse.move(20 + 50, 30 + 40);
    await page.mouse.down();
    await page.mouse.move(20 + 100, 30 + 100, { steps: 5 });
    // The page grows the canvas downward while the pen is down: its top-left corner stays put.
    await page.evaluate(() => ((document.getElementById("c") as HTMLCanvasElement).style.height = "300px"));
    await page.mouse.move(20 + 150, 30 + 160, { steps: 5 });
    await page.mouse.up();
    const [stroke] = (await ink(page)).strokes;
    expect(stroke.points[0]).toMatchObject({ x: 50, y: 40 });
    expect(stroke.points.at(-1)).toMatchObject({ x: 150, y: 160 });
    expect(Math.max(...stroke.points.map((p) => p.y))).toBe(160);
  });

  it("follows CSS resizes with a matching backing store", async () => {
    const page = await openPage(1.5);
    const size = await page.evaluate(async () => {
      const c = document.getElementById("c") as HTMLCanvasElement;
      c.style.width = "300px";
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return [c.width, c.height];
    });
    expect(size).toEqual([450, 300]);
  });
});
