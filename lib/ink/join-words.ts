import type { Ink, InkStroke } from "./types";
import { inkToPolylines } from "./polylines";
import { writingZone } from "./writing-height";

/**
 * Builds a synthetic line of text from separately written words (same writer, same units):
 * words are placed left to right on a shared centre line, separated by a gap drawn from
 * `gap` (in writing heights, the typical range between handwritten words), with a little
 * vertical wander. Lines teach the model to emit spaces and to read long inputs.
 */
export function joinWordsIntoLine(
  words: readonly Ink[],
  rand: () => number,
  gap: readonly [number, number] = [0.5, 1.3],
  wander = 0.08,
): Ink {
  const zones = words.map((w) => writingZone(inkToPolylines(w).polylines));
  const heights = zones.map((z) => z.height).sort((a, b) => a - b);
  const h = heights[Math.floor(heights.length / 2)] ?? 1;
  const strokes: InkStroke[] = [];
  let cursor = 0;
  words.forEach((word, i) => {
    const zone = zones[i];
    let maxX = -Infinity;
    for (const s of word.strokes) for (const p of s.points) maxX = Math.max(maxX, p.x);
    if (!Number.isFinite(maxX)) return;
    if (i > 0) cursor += (gap[0] + rand() * (gap[1] - gap[0])) * h;
    const dy = -zone.centerY + (rand() * 2 - 1) * wander * h;
    const dx = cursor - zone.minX;
    for (const s of word.strokes) strokes.push({ points: s.points.map((p) => ({ ...p, x: p.x + dx, y: p.y + dy })) });
    cursor += maxX - zone.minX;
  });
  return { version: 1, strokes };
}
