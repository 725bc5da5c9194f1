import type { Polyline } from "./polylines";
import { hypot } from "./hypot";

/** Total pen-down path length of the polylines. */
export function arcLength(polylines: readonly Polyline[]): number {
  let total = 0;
  for (const p of polylines) {
    for (let i = 2; i < p.length; i += 2) total += hypot(p[i] - p[i - 2], p[i + 1] - p[i - 1]);
  }
  return total;
}
