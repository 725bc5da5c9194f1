import type { Polyline } from "../polylines";
import { hypot } from "../hypot";
import { writingZone } from "../writing-height";

/** What line segmentation needs to know about one stroke. */
export interface StrokeGeometry {
  /** Index of the stroke in the ink. */
  readonly stroke: number;
  readonly minX: number;
  readonly maxX: number;
  readonly minY: number;
  readonly maxY: number;
  /** Horizontal middle of the stroke's box. */
  readonly centerX: number;
  /**
   * Median y by arc length. Unlike the box's middle it barely moves when a letter gains a
   * descender or ascender, so a "g" that reaches into the next line still sits on its own.
   */
  readonly centerY: number;
  /** Pen path length. */
  readonly length: number;
  /** Pen path length counted vertically only (sum of |dy|): how much the stroke says about letter height. */
  readonly verticalTravel: number;
  /** The stroke's own writing height (writingZone): about the body of the letters it draws. */
  readonly bodyHeight: number;
}

/** Measures one stroke (a polyline of interleaved x, y). */
export function strokeGeometry(polyline: Polyline, stroke: number): StrokeGeometry {
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < polyline.length; i += 2) {
    minX = Math.min(minX, polyline[i]);
    maxX = Math.max(maxX, polyline[i]);
    minY = Math.min(minY, polyline[i + 1]);
    maxY = Math.max(maxY, polyline[i + 1]);
  }
  // Length-weighted median of the segments' mid y: the arc-length median without resampling.
  const segments: { y: number; w: number }[] = [];
  let length = 0;
  let verticalTravel = 0;
  for (let i = 2; i < polyline.length; i += 2) {
    const w = hypot(polyline[i] - polyline[i - 2], polyline[i + 1] - polyline[i - 1]);
    segments.push({ y: (polyline[i + 1] + polyline[i - 1]) / 2, w });
    length += w;
    verticalTravel += Math.abs(polyline[i + 1] - polyline[i - 1]);
  }
  let centerY = (minY + maxY) / 2;
  if (length > 0) {
    segments.sort((a, b) => a.y - b.y);
    let acc = 0;
    for (const s of segments) {
      acc += s.w;
      if (acc >= length / 2) {
        centerY = s.y;
        break;
      }
    }
  }
  const bodyHeight = length > 0 ? writingZone([polyline]).height : 0;
  return { stroke, minX, maxX, minY, maxY, centerX: (minX + maxX) / 2, centerY, length, verticalTravel, bodyHeight };
}
