import { getStroke, type StrokeOptions } from "perfect-freehand";
import type { InkPoint } from "../types";

export interface StrokeStyle {
  /** Nib diameter in CSS px at pressure 0.5. */
  readonly size: number;
  /** How much pressure changes the width (perfect-freehand `thinning`). */
  readonly thinning: number;
  readonly smoothing: number;
  readonly streamline: number;
}

export const DEFAULT_STROKE_STYLE: StrokeStyle = { size: 4, thinning: 0.6, smoothing: 0.5, streamline: 0.4 };

/**
 * True when the points carry real pressure. Mice (constant 0.5) and inks without `p` do
 * not; their width is then simulated from speed so strokes still look natural.
 */
export function hasRealPressure(points: readonly InkPoint[]): boolean {
  const first = points[0]?.p;
  return first !== undefined && points.some((p) => p.p !== undefined && p.p !== first);
}

/**
 * The filled outline of a stroke as an SVG path string (usable by Path2D and <path d>).
 * `complete` marks a finished stroke, which gets a round end cap.
 */
export function strokeOutlinePath(points: readonly InkPoint[], style: StrokeStyle = DEFAULT_STROKE_STYLE, complete = true): string {
  if (points.length === 0) return "";
  const real = hasRealPressure(points);
  const input = points.map((p) => [p.x, p.y, real ? p.p! : 0.5]);
  const options: StrokeOptions = { ...style, simulatePressure: !real, last: complete };
  const outline = getStroke(input, options);
  return outlineToSvgPath(outline);
}

const avg = (a: number, b: number) => (a + b) / 2;

/** Smooth closed path through outline points using quadratic curves between midpoints. */
export function outlineToSvgPath(outline: readonly (readonly number[])[]): string {
  const n = outline.length;
  if (n < 3) {
    if (n === 0) return "";
    // Too few points for a curve (a dot with size ~0): draw a tiny polygon anyway.
    return `M${outline.map((p) => `${round(p[0])},${round(p[1])}`).join(" L")} Z`;
  }
  const [a, b, c] = outline;
  let d = `M${round(a[0])},${round(a[1])} Q${round(b[0])},${round(b[1])} ${round(avg(b[0], c[0]))},${round(avg(b[1], c[1]))} T`;
  for (let i = 2; i < n - 1; i++) {
    const p = outline[i], q = outline[i + 1];
    d += `${round(avg(p[0], q[0]))},${round(avg(p[1], q[1]))} `;
  }
  return d + "Z";
}

/** Two decimals: sub-pixel precise even at 4x DPR, and keeps path strings short. */
function round(v: number): string {
  return (Math.round(v * 100) / 100).toString();
}
