/**
 * Appends a point to a curve kept to at most `cap` points: when full, every other point is
 * dropped (the oldest first point is kept), so the curve spans the whole run at a coarser
 * resolution instead of losing its beginning. Returns a new array.
 */
export function appendToCurve(curve: readonly (readonly [number, number])[], point: readonly [number, number], cap: number): [number, number][] {
  if (!Number.isInteger(cap) || cap < 2) throw new Error(`cap must be an integer ≥ 2, got ${cap}`);
  if (!Number.isFinite(point[0]) || !Number.isFinite(point[1])) return curve.map((p) => [p[0], p[1]]);
  let out: [number, number][] = curve.map((p) => [p[0], p[1]]);
  if (out.length >= cap) out = out.filter((_, i) => i % 2 === 0);
  out.push([point[0], point[1]]);
  return out;
}
