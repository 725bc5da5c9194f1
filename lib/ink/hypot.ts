/**
 * √(x² + y²), bit for bit what V8's Math.hypot gives for two arguments, without its cost: V8's
 * builtin takes its arguments as an array and allocates ~70 bytes a call. Preprocessing calls it
 * for every pen point several times over, and in the Write page's worker those allocations made
 * a young-generation collection of 4–12 ms land inside most pen-up → transcript readings.
 *
 * V8 scales by the larger magnitude and sums the squares with Kahan's compensation; with two
 * terms starting from 0 the compensation is exactly 0, which leaves √((a/m)² + (b/m)²)·m. Kept
 * exact rather than √(x² + y²) (which differs from Math.hypot in the last bit for about a third
 * of inputs), so the features stay those the shipped models were trained on.
 */
export function hypot(x: number, y: number): number {
  const a = Math.abs(x), b = Math.abs(y);
  if (a === Infinity || b === Infinity) return Infinity;
  if (a !== a || b !== b) return NaN;
  const max = a > b ? a : b;
  if (max === 0) return 0;
  const na = a / max, nb = b / max;
  return Math.sqrt(na * na + nb * nb) * max;
}
