import type { Ink } from "./types";

export interface InkBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The box around every point of an ink; null for an ink without points. */
export function inkBounds(ink: Pick<Ink, "strokes">): InkBounds | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const s of ink.strokes)
    for (const p of s.points) {
      if (p.x < minX) minX = p.x;
      if (p.x > maxX) maxX = p.x;
      if (p.y < minY) minY = p.y;
      if (p.y > maxY) maxY = p.y;
    }
  return minX === Infinity ? null : { minX, minY, maxX, maxY };
}
