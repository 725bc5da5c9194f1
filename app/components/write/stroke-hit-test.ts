import type { Ink } from "@/lib/ink/types";

/**
 * The stroke under a point: the one whose polyline passes nearest to (x, y), if within
 * `radius` (same units as the ink). Used to map a hovered stroke back to its letters.
 * Returns -1 when no stroke is that close.
 */
export function strokeAtPoint(ink: Ink, x: number, y: number, radius: number): number {
  let best = -1;
  let bestD2 = radius * radius;
  ink.strokes.forEach((stroke, s) => {
    const pts = stroke.points;
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i];
      const b = pts[i + 1] ?? a;
      const d2 = distanceToSegmentSquared(x, y, a.x, a.y, b.x, b.y);
      if (d2 <= bestD2) {
        bestD2 = d2;
        best = s;
      }
    }
  });
  return best;
}

function distanceToSegmentSquared(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  const cx = ax + t * dx - px;
  const cy = ay + t * dy - py;
  return cx * cx + cy * cy;
}
