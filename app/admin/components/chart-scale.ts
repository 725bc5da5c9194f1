/**
 * The arithmetic behind the dashboard's charts (LineChart, BarChart, CoverageChart): tick values
 * people can read, linear and log scales, and which data point a pointer is over.
 *
 * Why hand-drawn SVG and not a chart library: the dashboard draws a handful of small charts
 * (two live curves, four bar charts, a character histogram) and needs axes, ticks, a hover
 * readout and keyboard stepping; that is this file, a hook and three components. A library
 * costs tens of kB gzipped for the same result here and would still have to learn the theme
 * variables and focus rings. The bundle sizes measured with `next build` are in
 * app/admin/README.md.
 */

/** A 1, 2 or 5 × 10^k step that splits `span` into about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  // The thresholds are the geometric midpoints between 1, 2, 5 and 10.
  const nice = unit < 1.5 ? 1 : unit < 3.5 ? 2 : unit < 7.5 ? 5 : 10;
  return nice * power;
}

export interface Ticks {
  /** The axis's ends: the data's range widened to whole steps. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** From min to max inclusive, every `step`. */
  readonly values: readonly number[];
}

/**
 * Round tick values covering [lo, hi] with about `count` intervals. An empty or one-value range
 * gets a range around its value, so a chart of one point still has an axis.
 */
export function niceTicks(lo: number, hi: number, count = 4, { integer = false }: { integer?: boolean } = {}): Ticks {
  let a = Math.min(lo, hi);
  let b = Math.max(lo, hi);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return { min: 0, max: 1, step: 1, values: [0, 1] };
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) / 2;
    a -= a === 0 ? 0 : pad;
    b += pad;
  }
  // Counts and steps are whole: no tick at 2.5 steps.
  const step = integer ? Math.max(1, niceStep(b - a, count)) : niceStep(b - a, count);
  const min = Math.floor(a / step + 1e-9) * step;
  const max = Math.ceil(b / step - 1e-9) * step;
  const values: number[] = [];
  for (let i = 0, n = Math.round((max - min) / step); i <= n; i++) values.push(round(min + i * step, step));
  return { min: round(min, step), max: round(max, step), step, values };
}

/** `value` without the float noise of adding steps (0.30000000000000004 → 0.3). */
function round(value: number, step: number): number {
  const digits = decimalsFor(step);
  return Number(value.toFixed(digits));
}

/** How many decimals a tick label needs to tell ticks `step` apart. */
export function decimalsFor(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 0;
  return Math.max(0, Math.min(12, -Math.floor(Math.log10(step) + 1e-9)));
}

/** A tick label: as many decimals as the step needs, thousands as "k" (12k, 1.5k). */
export function formatTick(value: number, step: number): string {
  if (Math.abs(value) >= 10_000 && step >= 1000) return `${Number((value / 1000).toFixed(decimalsFor(step / 1000)))}k`;
  return value.toFixed(decimalsFor(step));
}

/** A tick label for a 0–1 share shown as a percentage: 0.05 → "5%", 0.025 with step 0.005 → "2.5%". */
export function percentTick(value: number, step: number): string {
  return `${(100 * value).toFixed(decimalsFor(100 * step))}%`;
}

/** Maps [d0, d1] onto [r0, r1] linearly; a zero-width domain maps everything to the range's middle. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/**
 * Powers of ten from 1 to at least `max` (0 gets its own tick below 1): the ticks of a count axis
 * drawn on log1p, where 0 and 1 differ as much as a rare character from a missing one.
 */
export function logCountTicks(max: number): number[] {
  const ticks = [0, 1];
  for (let t = 10; t / 10 < Math.max(1, max) && ticks.length < 12; t *= 10) ticks.push(t);
  return ticks;
}

/**
 * The index of the value in `xs` (sorted ascending) nearest to `x`; ties go to the earlier one.
 * -1 for an empty list. Binary search: the loss curve can hold hundreds of points.
 */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi] - x) < Math.abs(xs[lo] - x) ? hi : lo;
}

/** Every distinct x of the series, ascending: the stops of the hover readout and the arrow keys. */
export function unionXs(series: readonly { readonly points: readonly (readonly [number, number])[] }[]): number[] {
  const set = new Set<number>();
  for (const s of series) for (const [x, y] of s.points) if (Number.isFinite(x) && Number.isFinite(y)) set.add(x);
  return [...set].sort((a, b) => a - b);
}

/** The point of a series at `x` exactly (each series' own x values), or null where it has none. */
export function valueAt(points: readonly (readonly [number, number])[], x: number): number | null {
  for (const [px, py] of points) if (px === x && Number.isFinite(py)) return py;
  return null;
}

/**
 * The index a key moves a chart's readout to among `count` stops (the arrow keys along the
 * chart's axis, Home, End), or null for any other key. From no stop yet (`at` null), forward
 * starts at the first and back at the last.
 */
export function stepIndex(key: string, at: number | null, count: number, axis: "horizontal" | "vertical"): number | null {
  if (count <= 0) return null;
  const [back, forward] = axis === "horizontal" ? ["ArrowLeft", "ArrowRight"] : ["ArrowUp", "ArrowDown"];
  const next = key === forward ? (at === null ? 0 : at + 1) : key === back ? (at === null ? count - 1 : at - 1) : key === "Home" ? 0 : key === "End" ? count - 1 : null;
  return next === null ? null : Math.max(0, Math.min(count - 1, next));
}
