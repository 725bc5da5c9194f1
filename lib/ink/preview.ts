import { inkBounds } from "./ink-bounds";
import { INK_VERSION, type Ink, type InkPoint } from "./types";

/**
 * A light version of an ink for drawing a thumbnail: every stroke simplified with
 * Ramer–Douglas–Peucker at a tolerance relative to the ink's size, then thinned by stride if it
 * still has more than `maxPoints` points, with coordinates rounded to `decimals` and t/p dropped.
 * Each stroke keeps its first and last point (one point when it had one, or when there are more
 * strokes than the budget), so what is drawn keeps its shape. The review queue sends this instead
 * of the full ink (a 50,000-point sample is ~2 MB of JSON; its preview is a few KB).
 */
export interface InkPreviewOptions {
  /** Most points in the result, all strokes together (default 300). */
  readonly maxPoints?: number;
  /** RDP tolerance as a fraction of the ink's larger side (default 0.004: well under a pixel at thumbnail size). */
  readonly tolerance?: number;
  /** Decimals kept in coordinates (default 1). */
  readonly decimals?: number;
}

type Point = Pick<InkPoint, "x" | "y">;

/** Indices kept by Ramer–Douglas–Peucker (iterative, so a 50,000-point stroke cannot overflow the stack). */
function rdpKeep(points: readonly Point[], epsilon: number): boolean[] {
  const keep = new Array<boolean>(points.length).fill(false);
  if (points.length === 0) return keep;
  keep[0] = keep[points.length - 1] = true;
  const stack: [number, number][] = [[0, points.length - 1]];
  const eps2 = epsilon * epsilon;
  while (stack.length) {
    const [first, last] = stack.pop()!;
    if (last - first < 2) continue;
    const a = points[first], b = points[last];
    const dx = b.x - a.x, dy = b.y - a.y;
    const len2 = dx * dx + dy * dy;
    let worst = -1, worstD2 = -1;
    for (let i = first + 1; i < last; i++) {
      const p = points[i];
      let d2: number;
      if (len2 === 0) d2 = (p.x - a.x) ** 2 + (p.y - a.y) ** 2;
      else {
        const cross = dx * (p.y - a.y) - dy * (p.x - a.x);
        d2 = (cross * cross) / len2;
      }
      if (d2 > worstD2) {
        worstD2 = d2;
        worst = i;
      }
    }
    if (worstD2 > eps2) {
      keep[worst] = true;
      stack.push([first, worst], [worst, last]);
    }
  }
  return keep;
}

/** `count` points of a stroke, evenly spaced by index, always including the first and the last. */
function stride<T>(points: readonly T[], count: number): T[] {
  if (points.length <= count) return [...points];
  if (count <= 1) return [points[0]];
  const out: T[] = [];
  for (let k = 0; k < count; k++) out.push(points[Math.round((k * (points.length - 1)) / (count - 1))]);
  return out;
}

export function inkPreview(ink: Ink, options: InkPreviewOptions = {}): Ink {
  const maxPoints = Math.max(1, Math.floor(options.maxPoints ?? 300));
  const decimals = options.decimals ?? 1;
  const round = (v: number) => Number(v.toFixed(decimals));

  const bounds = inkBounds(ink);
  const size = bounds ? Math.max(bounds.maxX - bounds.minX, bounds.maxY - bounds.minY) : 0;
  const epsilon = size * (options.tolerance ?? 0.004);

  // More strokes than points allowed: the first point of as many strokes as fit.
  const strokes = ink.strokes.slice(0, maxPoints);
  let simplified: Point[][] = strokes.map((s) => {
    const keep = rdpKeep(s.points, epsilon);
    return s.points.filter((_, i) => keep[i]);
  });
  const total = simplified.reduce((n, s) => n + s.length, 0);
  if (total > maxPoints) {
    // Share the budget by stroke length, at least one point each (strokes ≤ maxPoints here).
    const spare = maxPoints - simplified.length;
    const extra = total - simplified.length;
    simplified = simplified.map((s) => stride(s, 1 + Math.floor(((s.length - 1) * spare) / Math.max(1, extra))));
  }
  return {
    version: INK_VERSION,
    strokes: simplified.map((s) => ({ points: s.map((p) => ({ x: round(p.x), y: round(p.y) })) })),
  };
}
