import type { Polyline } from "./polylines";
import { hypot } from "./hypot";

/**
 * Resamples each stroke at equal arc-length spacing. Equal spacing removes the effect of
 * writing speed and device sampling rate (and therefore of jitter and resting points),
 * so the same letter shape yields the same sequence on any device.
 *
 * The first point of every stroke is kept; a stroke shorter than `spacing` keeps its first
 * point plus its end point when that end is at least half a spacing away, so dots stay dots
 * and short ticks keep their direction. Returns the new polylines with the same stroke order.
 */
export function resample(polylines: readonly Polyline[], spacing: number): Polyline[] {
  if (!(spacing > 0) || !Number.isFinite(spacing)) throw new RangeError(`resample spacing must be a positive finite number, got ${spacing}`);
  return polylines.map((p) => resampleOne(p, spacing));
}

/**
 * The points being emitted, kept between calls: one stroke's points are written here and copied
 * out once at their final length, instead of growing an array point by point (preprocessing
 * resamples an ink up to four times: for its writing zone, its centre line, the levelled ink's
 * zone and the features; each growth step was garbage the Write page's worker collected during a
 * reading).
 */
let scratch: Float64Array<ArrayBuffer> = new Float64Array(4096);

function resampleOne(p: Polyline, spacing: number): Polyline {
  const n = p.length / 2;
  if (n <= 1) return p.slice();
  let out = scratch;
  out[0] = p[0];
  out[1] = p[1];
  let length = 2;
  let carried = 0; // arc length walked since the last emitted point
  for (let i = 1; i < n; i++) {
    const x0 = p[2 * i - 2], y0 = p[2 * i - 1];
    const dx = p[2 * i] - x0, dy = p[2 * i + 1] - y0;
    const seg = hypot(dx, dy);
    if (seg === 0) continue;
    let at = spacing - carried; // distance along this segment of the next emitted point
    while (at <= seg) {
      if (length + 4 > out.length) out = grow(out, length);
      const f = at / seg;
      out[length++] = x0 + dx * f;
      out[length++] = y0 + dy * f;
      at += spacing;
    }
    carried = seg - (at - spacing);
  }
  if (carried >= spacing / 2) {
    out[length++] = p[2 * n - 2];
    out[length++] = p[2 * n - 1];
  }
  scratch = out;
  return out.slice(0, length);
}

function grow(buffer: Float64Array, used: number): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(buffer.length * 2);
  bigger.set(buffer.subarray(0, used));
  return bigger;
}
