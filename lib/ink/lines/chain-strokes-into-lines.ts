import type { StrokeGeometry } from "./stroke-geometry";
import { addStrokeToLine, createLineModel, lineCenterAt, lineLength, lineSlope, LOCAL_STROKES, type LineModel } from "./line-model";

/**
 * Builds lines from the main strokes (not dots or bars), left to right: each stroke joins the
 * line whose predicted centre at its x is nearest, if within `tolerance` (ink units). Failing
 * that, it joins a line it lines up with by its top at the line's body top (a letter with a long
 * descender: a "g" reaching into the next line) or by its bottom on the line's baseline (a tall
 * ascender or capital), once the line has `establishedLength` of pen path to know where its
 * body (`bodyHeight` high) runs. Centres come first so that an ascender below a word squeezed in
 * above its line stays with its own letters. Otherwise the stroke starts a new line.
 *
 * Working left to right rather than in writing order means a stroke added later (a fixed
 * letter, a word squeezed in) is placed by where it is, and following each line's own local
 * height and slant keeps skewed or drifting lines apart where a horizontal band would cut them.
 * A line only reaches `maxGap` past its right end: further on, a line that stopped early (a
 * short first line under a rising page) would claim the next line's end.
 * `slopeSpan` is how long a line must be before its slant is trusted.
 */
export function chainStrokesIntoLines(
  strokes: readonly StrokeGeometry[],
  tolerance: number,
  bodyHeight: number,
  establishedLength: number,
  maxGap: number,
  slopeSpan: number,
): LineModel[] {
  const order = [...strokes].sort((a, b) => a.minX - b.minX || a.stroke - b.stroke);
  const lines: LineModel[] = [];
  for (const s of order) {
    let byCenter: { line: LineModel; distance: number } | undefined;
    let byEdge: { line: LineModel; distance: number } | undefined;
    for (const line of lines) {
      if (s.minX - line.maxX > maxGap) continue;
      const predicted = lineCenterAt(line.strokes.slice(-LOCAL_STROKES), lineSlope(line, slopeSpan), s.centerX);
      const center = Math.abs(s.centerY - predicted);
      if (center <= tolerance && (!byCenter || center < byCenter.distance)) byCenter = { line, distance: center };
      if (lineLength(line) < establishedLength) continue;
      const edge = Math.min(Math.abs(s.minY - (predicted - bodyHeight / 2)), Math.abs(s.maxY - (predicted + bodyHeight / 2)));
      if (edge <= tolerance && (!byEdge || edge < byEdge.distance)) byEdge = { line, distance: edge };
    }
    const best = byCenter ?? byEdge;
    if (best) addStrokeToLine(best.line, s);
    else lines.push(createLineModel(s));
  }
  return lines;
}
