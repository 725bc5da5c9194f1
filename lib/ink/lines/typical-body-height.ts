import type { StrokeGeometry } from "./stroke-geometry";

/**
 * The ink's letter size for segmentation: the median of the strokes' body heights, weighted by
 * how far each stroke travels up and down. Dots and ticks hardly travel, and horizontal bars (a
 * T's top, an underline, a dash) have no height to tell, so neither pulls the size down. Unlike
 * writingZone over the whole ink, it does not grow with the number of lines. 0 when no stroke
 * moves vertically.
 */
export function typicalBodyHeight(strokes: readonly StrokeGeometry[]): number {
  const drawn = strokes.filter((s) => s.verticalTravel > 0).sort((a, b) => a.bodyHeight - b.bodyHeight);
  const total = drawn.reduce((n, s) => n + s.verticalTravel, 0);
  let acc = 0;
  for (const s of drawn) {
    acc += s.verticalTravel;
    if (acc >= total / 2) return s.bodyHeight;
  }
  return 0;
}
