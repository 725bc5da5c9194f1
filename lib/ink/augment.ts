import type { Ink, InkStroke } from "./types";
import { inkToPolylines } from "./polylines";
import { writingZone } from "./writing-height";

/** Ranges of the random distortions; each one mimics a real difference between writers or devices. */
export interface AugmentOptions {
  /** Horizontal stretch (narrow vs wide hands), as a log-uniform range of x/y aspect. */
  aspect: number;
  /** Slant change: shear x by y with tan(angle) up to this (±0.35 ≈ ±19°). */
  shear: number;
  /** Rotation of the baseline, radians. */
  rotate: number;
  /** Gaussian jitter of every point, in writing heights (tablet noise). */
  jitter: number;
  /** Probability of thinning a stroke's points (coarser devices, faster strokes: fewer samples per curve). */
  thinProbability: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = { aspect: 0.2, shear: 0.35, rotate: 0.08, jitter: 0.01, thinProbability: 0.3 };

/** Returns a randomly distorted copy of the ink; the input is never modified. */
export function augmentInk(ink: Ink, rand: () => number, options: AugmentOptions = DEFAULT_AUGMENT): Ink {
  const { polylines } = inkToPolylines(ink);
  if (polylines.length === 0) return ink;
  const { height, centerY, minX } = writingZone(polylines);
  const uni = (a: number) => (rand() * 2 - 1) * a;
  const aspect = Math.exp(uni(options.aspect));
  const shear = uni(options.shear);
  const angle = uni(options.rotate);
  const cos = Math.cos(angle), sin = Math.sin(angle);
  const sigma = options.jitter * height;
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const strokes: InkStroke[] = ink.strokes.map((stroke) => {
    // Thinning keeps every k-th point (and the ends), like a slower sampling rate or faster writing.
    const step = stroke.points.length > 8 && rand() < options.thinProbability ? 2 + Math.floor(rand() * 2) : 1;
    const points = stroke.points
      .filter((_, i, all) => i % step === 0 || i === all.length - 1)
      .map((p) => {
        const x0 = p.x - minX, y0 = p.y - centerY;
        const xs = (x0 + shear * -y0) * aspect; // y points down, so −y is up: positive shear leans right
        const x = cos * xs - sin * y0 + gauss() * sigma;
        const y = sin * xs + cos * y0 + gauss() * sigma;
        return { ...p, x, y };
      });
    return { points };
  });
  return { version: ink.version, strokes };
}
