/**
 * Pages built from recorded lines for tests: lines placed under each other as people write them
 * (spacing, skew, baseline drift, ragged margins), each line's stroke indices known.
 */
import { INK_VERSION, type Ink, type InkStroke } from "../types";
import { inkToPolylines } from "../polylines";
import { writingZone } from "../writing-height";

/** The ink moved and scaled so that its writing height is `height` units, its left edge at 0 and its centre line at y = 0. */
export function normalised(ink: Ink, height = 100): Ink {
  const zone = writingZone(inkToPolylines(ink).polylines);
  const k = height / zone.height;
  return { version: INK_VERSION, strokes: ink.strokes.map((s) => ({ points: s.points.map((p) => ({ x: (p.x - zone.minX) * k, y: (p.y - zone.centerY) * k })) })) };
}

export const moved = (ink: Ink, f: (x: number, y: number) => [number, number]): InkStroke[] =>
  ink.strokes.map((s) => ({ points: s.points.map((p) => (([x, y]) => ({ x, y }))(f(p.x, p.y))) }));

export interface Layout {
  /** Distance between centre lines, in writing heights. */
  spacing?: number;
  /** Slant of every line, degrees (positive: running down to the right). */
  skewDegrees?: number;
  /** Baseline wander: amplitude in writing heights, over a period of 12 heights. */
  drift?: number;
  /** Left margin of each line, in writing heights. */
  indent?: (line: number) => number;
}

/** A page of the given lines (writing height 100 units), with each line's stroke indices. */
export function page(lines: readonly Ink[], layout: Layout = {}): { ink: Ink; groups: number[][] } {
  const { spacing = 3, skewDegrees = 0, drift = 0, indent = () => 0 } = layout;
  const tan = Math.tan((skewDegrees * Math.PI) / 180);
  const strokes: InkStroke[] = [];
  const groups: number[][] = [];
  lines.forEach((line, i) => {
    const n = normalised(line);
    const group: number[] = [];
    for (const s of moved(n, (x, y) => [x + indent(i) * 100, y + i * spacing * 100 + (x + indent(i) * 100) * tan + drift * 100 * Math.sin((2 * Math.PI * x) / 1200 + i)])) {
      group.push(strokes.length);
      strokes.push(s);
    }
    groups.push(group);
  });
  return { ink: { version: INK_VERSION, strokes }, groups };
}

