import { inkBounds } from "../../lib/ink/ink-bounds";
import type { Ink } from "../../lib/ink/types";

/** A box in CSS pixels, relative to the canvas's top-left corner. */
export interface Box {
  readonly width: number;
  readonly height: number;
}

/**
 * Scales and translates a recorded ink into a canvas box (aspect kept, centred, `padding` px
 * clear of every edge so no stroke leaves the canvas and gets cancelled), and rounds every
 * point to whole CSS pixels, dropping points less than `minStep` px from the previous one
 * (a stroke's last point always stays). Tablet data is sampled far more densely than the
 * recognizer's 0.25-height steps need, and each replayed point costs a browser round trip.
 *
 * Rounding is what makes a replay exact: the browser receives integer mouse/touch positions,
 * so the ink it captures is this ink plus a constant offset (the canvas's own position), and
 * the recognizer is translation invariant. scripts/select-e2e-fixtures.ts recognizes the
 * output of this same function, so the fixtures it keeps are the ones the page sees.
 */
export function fitInkToBox(ink: Ink, box: Box, padding = 16, minStep = 3): Ink {
  const bounds = inkBounds(ink);
  if (!bounds) return { version: 1, strokes: [] };
  const { minX, minY, maxX, maxY } = bounds;
  const availW = box.width - 2 * padding;
  const availH = box.height - 2 * padding;
  if (availW <= 0 || availH <= 0) throw new Error(`fitInkToBox: box ${box.width}×${box.height} is smaller than its padding`);
  const w = Math.max(maxX - minX, 1e-9);
  const h = Math.max(maxY - minY, 1e-9);
  const scale = Math.min(availW / w, availH / h);
  const offX = padding + (availW - w * scale) / 2;
  const offY = padding + (availH - h * scale) / 2;
  const strokes = ink.strokes.map((s) => {
    const points: { x: number; y: number }[] = [];
    s.points.forEach((p, i) => {
      const x = Math.round(offX + (p.x - minX) * scale);
      const y = Math.round(offY + (p.y - minY) * scale);
      const prev = points[points.length - 1];
      if (prev && prev.x === x && prev.y === y) return;
      const last = i === s.points.length - 1;
      if (prev && !last && Math.hypot(x - prev.x, y - prev.y) < minStep) return;
      points.push({ x, y });
    });
    return { points };
  });
  return { version: 1, strokes };
}

/** The box the e2e tests and the browser benchmark replay into: the desktop canvas size they assert. */
export const REPLAY_BOX: Box = { width: 800, height: 260 };
