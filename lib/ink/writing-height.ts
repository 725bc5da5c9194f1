import type { Polyline } from "./polylines";
import { arcLength } from "./arc-length";
import { resample } from "./resample";

/**
 * The writing height is never taken below this share of the ink's width, so a flat ink (a dash)
 * stays a bounded number of heights long. It was 0.02 (50 heights), and real text lines reach
 * that: a 130–260-character line is 60–100 heights wide, so its height was overestimated up to 2×
 * and its letters normalised to half their size. On 113 such validation lines (one writer, never
 * tuned on) that made 25.2% CER against 11.7% on the same writer's shorter lines; at 0.01 (100
 * heights) they read at 12.4%, and no ink narrower than 50 heights changes.
 */
export const FLAT_INK_WIDTH_SHARE = 0.01;

/** Number of arc-length samples used to estimate the writing zone; enough for a stable quantile. */
const ZONE_SAMPLES = 1_000;

export interface WritingZone {
  /** Estimated writing height (ink units): the scale that normalisation divides by. */
  height: number;
  /** Vertical centre of the writing (median y of the ink, by arc length). */
  centerY: number;
  /** Leftmost x of the ink. */
  minX: number;
}

/**
 * Estimates the writing height from the vertical distribution of the ink *by arc length*
 * (points resampled evenly along the pen path, so slow or densely sampled parts do not
 * dominate). Twice the inter-quartile range of y tracks the main body of the writing and
 * barely moves when a word gains an ascender or descender, unlike the bounding box.
 *
 * Flat inks (a dash, a dot) have no vertical spread, so the height falls back to a fraction
 * of the vertical range or the width, and to 1 for a single point, keeping every division finite.
 */
export function writingZone(polylines: readonly Polyline[]): WritingZone {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const p of polylines) {
    for (let i = 0; i < p.length; i += 2) {
      if (p[i] < minX) minX = p[i];
      if (p[i] > maxX) maxX = p[i];
      if (p[i + 1] < minY) minY = p[i + 1];
      if (p[i + 1] > maxY) maxY = p[i + 1];
    }
  }
  if (!Number.isFinite(minX)) return { height: 1, centerY: 0, minX: 0 };
  const length = arcLength(polylines);
  const even = length > 0 ? resample(polylines, length / ZONE_SAMPLES) : polylines;
  // A typed array sorted in place: an array of numbers sorted with a comparator would box each one.
  let count = 0;
  for (const p of even) count += p.length >> 1;
  const ys = new Float64Array(count);
  let k = 0;
  for (const p of even) for (let i = 1; i < p.length; i += 2) ys[k++] = p[i];
  ys.sort();
  const q = (f: number) => ys[Math.min(ys.length - 1, Math.max(0, Math.round(f * (ys.length - 1))))];
  const iqrHeight = 2 * (q(0.75) - q(0.25));
  // Floors for flat inks: a share of the vertical range (a wobbly dash), then a small share
  // of the width (FLAT_INK_WIDTH_SHARE), small enough that a long line of text never reaches it.
  const height = Math.max(iqrHeight, 0.3 * (maxY - minY), FLAT_INK_WIDTH_SHARE * (maxX - minX));
  return { height: height > 0 ? height : 1, centerY: q(0.5), minX };
}
