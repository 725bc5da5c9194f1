import type { Polyline } from "./polylines";
import type { WritingZone } from "./writing-height";

/**
 * Maps ink coordinates into writing-height units: x from the leftmost ink, y from the centre
 * line. Afterwards the same word written large or small, anywhere on the canvas, has the
 * same coordinates, which is what makes the features translation- and scale-invariant.
 */
export function normalize(polylines: readonly Polyline[], zone: WritingZone): Polyline[] {
  const inv = 1 / zone.height;
  return polylines.map((p) => {
    const out = new Float64Array(p.length);
    for (let i = 0; i < p.length; i += 2) {
      out[i] = (p[i] - zone.minX) * inv;
      out[i + 1] = (p[i + 1] - zone.centerY) * inv;
    }
    return out;
  });
}
