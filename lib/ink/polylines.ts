import type { Ink } from "./types";
import { InkError } from "./ink-error";

/**
 * Flat working representation used by the preprocessing steps: one Float64Array of
 * interleaved x,y per stroke. Float64 keeps huge or tiny coordinates exact until they
 * are normalised; timestamps and pressure are deliberately dropped (most training data
 * has neither, so the recognizer must not depend on them).
 */
export type Polyline = Float64Array;

/**
 * Converts an ink to polylines, rejecting non-finite coordinates with a message that
 * names the stroke and point, and dropping consecutive duplicate points (a resting pen
 * adds no shape). Strokes keep their index so later steps can map frames back to strokes.
 */
export function inkToPolylines(ink: Ink): { polylines: Polyline[]; strokeIndex: number[] } {
  if (!ink || !Array.isArray(ink.strokes)) throw new InkError("ink must have a strokes array");
  const polylines: Polyline[] = [];
  const strokeIndex: number[] = [];
  ink.strokes.forEach((stroke, s) => {
    const pts = stroke?.points;
    if (!Array.isArray(pts)) throw new InkError(`stroke ${s} has no points array`);
    const out = new Float64Array(pts.length * 2);
    let n = 0;
    for (let i = 0; i < pts.length; i++) {
      const x = pts[i]?.x;
      const y = pts[i]?.y;
      if (typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) {
        throw new InkError(`stroke ${s} point ${i} has a non-finite coordinate (${String(x)}, ${String(y)})`);
      }
      if (n > 0 && out[2 * n - 2] === x && out[2 * n - 1] === y) continue;
      out[2 * n] = x;
      out[2 * n + 1] = y;
      n++;
    }
    if (n > 0) {
      polylines.push(out.slice(0, 2 * n));
      strokeIndex.push(s);
    }
  });
  return { polylines, strokeIndex };
}
