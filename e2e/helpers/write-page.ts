import { expect, type Page } from "@playwright/test";

/** Opens the Write page and waits until the model is loaded; returns the version it serves. */
export async function openWritePage(page: Page): Promise<{ version: string; fromCache: boolean }> {
  await page.goto("/");
  const status = page.getByTestId("model-status");
  await expect(status).toHaveAttribute("data-phase", "ready", { timeout: 30_000 });
  return { version: (await status.getAttribute("data-version")) ?? "", fromCache: (await status.getAttribute("data-from-cache")) === "true" };
}

/** Pixels of the canvas that hold ink, and how many of them are drawn in the highlight colour. */
export async function canvasInk(page: Page): Promise<{ inked: number; highlighted: number }> {
  return page.getByTestId("ink-canvas").evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    let highlighted = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 128) continue;
      inked++;
      // The highlight is orange (#d9480f); ink is near-black. Red well above blue means highlight.
      if (data[i] > 150 && data[i + 2] < 90) highlighted++;
    }
    return { inked, highlighted };
  });
}
