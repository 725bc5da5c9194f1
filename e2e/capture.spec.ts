import { expect, test } from "@playwright/test";
import { openWritePage } from "./helpers/write-page";

// Issue "Ink": the canvas captures real mouse input as the versioned ink value, with the
// expected strokes and sane coordinates. The ink is read where the app itself sends it:
// the correction POST body (intercepted, so nothing is stored).
test("drawing with the mouse captures one stroke per press, with sane coordinates and times", async ({ page }) => {
  await openWritePage(page);
  const canvas = page.getByTestId("ink-canvas");
  const box = (await canvas.boundingBox())!;
  const strokes = [
    [[0.1, 0.5], [0.15, 0.3], [0.2, 0.5], [0.25, 0.7]],
    [[0.35, 0.3], [0.35, 0.7]],
    [[0.45, 0.4], [0.5, 0.35], [0.55, 0.45], [0.5, 0.6], [0.45, 0.55]],
  ];
  for (const s of strokes) {
    await page.mouse.move(box.x + s[0][0] * box.width, box.y + s[0][1] * box.height);
    await page.mouse.down();
    for (const [fx, fy] of s.slice(1)) await page.mouse.move(box.x + fx * box.width, box.y + fy * box.height, { steps: 4 });
    await page.mouse.up();
  }
  await expect(canvas).toHaveAttribute("data-strokes", "3");

  let posted: { ink: { version: number; strokes: { points: { x: number; y: number; t?: number; p?: number }[] }[] } } | null = null;
  await page.route("**/api/samples", async (route) => {
    posted = route.request().postDataJSON();
    await route.fulfill({ status: 201, contentType: "application/json", body: JSON.stringify({ id: "intercepted", created: true, contributions: 1 }) });
  });
  await page.getByTestId("correct-it").click();
  await page.getByLabel("What did you write?").fill("abc");
  await page.getByRole("button", { name: "Save correction" }).click();
  await expect.poll(() => posted !== null).toBe(true);

  const ink = posted!.ink;
  expect(ink.version).toBe(1);
  expect(ink.strokes).toHaveLength(3);
  ink.strokes.forEach((stroke, i) => {
    // At least the press plus every scripted move (each move is split into 4 steps).
    expect(stroke.points.length, `stroke ${i}`).toBeGreaterThanOrEqual(1 + 4 * (strokes[i].length - 1));
    let lastT = -Infinity;
    for (const p of stroke.points) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      expect(p.x).toBeGreaterThanOrEqual(-1);
      expect(p.x).toBeLessThanOrEqual(box.width + 1);
      expect(p.y).toBeGreaterThanOrEqual(-1);
      expect(p.y).toBeLessThanOrEqual(box.height + 1);
      if (p.t !== undefined) {
        expect(p.t).toBeGreaterThanOrEqual(lastT);
        lastT = p.t;
      }
      if (p.p !== undefined) expect(p.p >= 0 && p.p <= 1).toBe(true);
    }
    // The first point is where the press happened (canvas coordinates, CSS pixels).
    expect(Math.abs(stroke.points[0].x - strokes[i][0][0] * box.width)).toBeLessThan(3);
    expect(Math.abs(stroke.points[0].y - strokes[i][0][1] * box.height)).toBeLessThan(3);
  });
});
