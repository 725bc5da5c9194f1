import type { Ink } from "../types";
import { hypot } from "../hypot";
import { inkToPolylines } from "../polylines";
import { strokeGeometry, type StrokeGeometry } from "./stroke-geometry";
import { typicalBodyHeight } from "./typical-body-height";
import { chainStrokesIntoLines } from "./chain-strokes-into-lines";
import { lineLength } from "./line-model";
import { mergeCloseLines } from "./merge-close-lines";
import { attachStrokesToLines } from "./attach-strokes-to-lines";
import { sortLinesInReadingOrder } from "./reading-order";

/** One line of writing: the indices of its strokes in the ink, ascending. */
export interface InkLine {
  readonly strokes: readonly number[];
}

/** The ink made of some of another ink's strokes, in their order (a line of a page: inkOfStrokes(ink, line.strokes)). */
export function inkOfStrokes(ink: Ink, strokes: readonly number[]): Ink {
  return { version: ink.version, strokes: strokes.map((i) => ink.strokes[i]) };
}

/**
 * A bar: a nearly straight stroke at least three times wider than tall (a dash, a t-cross, a
 * bar of "="). A flat cursive word is as wide, but its path is far longer than its width.
 */
function isBar(s: StrokeGeometry): boolean {
  const width = s.maxX - s.minX;
  const height = s.maxY - s.minY;
  return width >= 3 * height && s.length <= 1.5 * hypot(width, height);
}

/** All sizes in body heights (typicalBodyHeight): the ink's letter size. */
export const LINE_SEGMENTATION = {
  /**
   * Strokes less tall than this are marks: dots, accents, commas, and bars however wide
   * (t-crosses, dashes, underlines). They neither start nor steer a line; each joins its nearest.
   */
  markSize: 0.5,
  /** How far a stroke's centre may be from a line's predicted centre and still join it. */
  tolerance: 1.0,
  /**
   * Lines whose centres are closer than this where they meet are one line (the next line is 2–4
   * heights down), or closer than `mergeFraction` of their strokes' typical heights (a line
   * begun by a tall capital).
   */
  mergeTolerance: 1.4,
  mergeFraction: 0.7,
  /** A line with less pen path than this (about two letters) is a stray piece, not a line: its strokes go to their nearest line. */
  minLineLength: 4,
  /** A line claims strokes only up to this far past its right end (wider gaps than between words). */
  maxGap: 4,
  /** A line's slant is only fitted once it is this wide. */
  slopeSpan: 8,
} as const;

/**
 * Groups an ink's strokes into lines of writing by geometry, in reading order (top to bottom).
 * Every stroke is in exactly one line; an ink with one line (a word, a single line of text, a
 * dot) comes back as one line holding every stroke, and an empty ink as no lines.
 *
 * 1. Measure each stroke: box, arc-length median y, body height; the ink's letter size is the
 *    median body height, weighted by vertical travel.
 * 2. Chain the main strokes into lines left to right, each following its own local height and
 *    slant (chainStrokesIntoLines).
 * 3. Pieces at the same height where they meet are joined (mergeCloseLines); lines too small to
 *    be lines (a stray tick, a flourish) are dissolved.
 * 4. Marks and dissolved strokes go to the nearest line, above preferred (attachStrokesToLines):
 *    time plays no part, so a dot added after the whole page was written still finds its letter.
 * 5. Sort the lines top to bottom (sortLinesInReadingOrder).
 */
export function segmentLines(ink: Ink): InkLine[] {
  const { polylines, strokeIndex } = inkToPolylines(ink);
  const all = ink.strokes.map((_, i) => i);
  if (all.length === 0) return [];
  const geometry = polylines.map((p, i) => strokeGeometry(p, strokeIndex[i]));
  const h = typicalBodyHeight(geometry);
  if (!(h > 0)) return [{ strokes: all }];
  const isMark = (s: StrokeGeometry) => s.maxY - s.minY < LINE_SEGMENTATION.markSize * h;
  const slopeSpan = LINE_SEGMENTATION.slopeSpan * h;
  const chained = mergeCloseLines(
    chainStrokesIntoLines(geometry.filter((s) => !isMark(s)), LINE_SEGMENTATION.tolerance * h, h, LINE_SEGMENTATION.minLineLength * h, LINE_SEGMENTATION.maxGap * h, slopeSpan),
    LINE_SEGMENTATION.mergeTolerance * h,
    LINE_SEGMENTATION.mergeFraction,
    slopeSpan,
  );
  // A line needs enough ink and at least one stroke that is not a bar: an "=" or a "÷" drawn with
  // bars taller than a mark is one sign, not two lines.
  const kept = chained.filter((line) => lineLength(line) >= LINE_SEGMENTATION.minLineLength * h && !line.strokes.every(isBar));
  if (kept.length <= 1) return [{ strokes: all }];
  const loose = [...geometry.filter(isMark), ...chained.filter((l) => !kept.includes(l)).flatMap((l) => l.strokes)];
  attachStrokesToLines(kept, loose, slopeSpan);
  const lines = sortLinesInReadingOrder(kept, slopeSpan).map((line) => line.strokes.map((s) => s.stroke));
  // Strokes with no points have no place; they stay with the first line so that none is lost.
  const placed = new Set(lines.flat());
  lines[0].push(...all.filter((i) => !placed.has(i)));
  return lines.map((strokes) => ({ strokes: strokes.sort((a, b) => a - b) }));
}
