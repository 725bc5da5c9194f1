import type { StrokeGeometry } from "./stroke-geometry";
import { addStrokeToLine, measureLine, type LineModel } from "./line-model";

/**
 * A mark above a line counts this much of its distance: i-dots, accents and t-bars sit above
 * the letters they belong to, typically nearer the line above than the one they belong to would
 * be if distance counted the same both ways.
 */
const ABOVE_WEIGHT = 0.5;
/** Horizontal distance beyond a line's ends, relative to vertical distance: a dot past the end of a line still belongs to it. */
const BEYOND_END_WEIGHT = 0.5;

/**
 * Gives each stroke (dots, accents, short ticks, leftover fragments) to the line it belongs to
 * by geometry alone: the nearest predicted centre line at its x, with marks above a line
 * preferred over marks below the line above. Lines are measured before any mark joins, so the
 * order of the marks does not matter.
 */
export function attachStrokesToLines(lines: LineModel[], marks: readonly StrokeGeometry[], slopeSpan: number): void {
  const measured = lines.map((line) => measureLine(line, slopeSpan));
  const chosen = marks.map((s) => {
    let best = measured[0];
    let bestCost = Infinity;
    for (const m of measured) {
      const dy = s.centerY - m.centerAt(s.centerX);
      const vertical = dy < 0 ? -dy * ABOVE_WEIGHT : dy;
      const beyond = Math.max(0, m.line.minX - s.maxX, s.minX - m.line.maxX);
      const cost = vertical + BEYOND_END_WEIGHT * beyond;
      if (cost < bestCost) {
        best = m;
        bestCost = cost;
      }
    }
    return best.line;
  });
  marks.forEach((s, i) => addStrokeToLine(chosen[i], s));
}
