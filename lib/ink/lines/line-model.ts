import type { StrokeGeometry } from "./stroke-geometry";

/**
 * A text line while it is being built: its strokes and what is needed to predict where its
 * centre line runs at any x (a local height plus the line's overall slant), which is what lets
 * skewed and drifting lines be followed instead of cut into horizontal bands.
 */
export interface LineModel {
  /** Main strokes, in the order they joined (left to right). */
  readonly strokes: StrokeGeometry[];
  minX: number;
  maxX: number;
  /** Length-weighted sums for the least-squares slant of the stroke centres. */
  sw: number;
  sx: number;
  sy: number;
  sxx: number;
  sxy: number;
}

/** How many neighbouring strokes give the local height: enough to ride over one tall capital or descender. */
const LOCAL_STROKES = 5;
/** A slant needs two strokes at least (a cursive line may have no more); bars, which would tilt it, are not main strokes. */
const MIN_SLOPE_STROKES = 2;
/** Steeper than this (about 22°) is not a line's slant but a fit to too little ink. */
const MAX_SLOPE = 0.4;

export function createLineModel(first: StrokeGeometry): LineModel {
  const line: LineModel = { strokes: [], minX: Infinity, maxX: -Infinity, sw: 0, sx: 0, sy: 0, sxx: 0, sxy: 0 };
  addStrokeToLine(line, first);
  return line;
}

export function addStrokeToLine(line: LineModel, s: StrokeGeometry): void {
  line.strokes.push(s);
  line.minX = Math.min(line.minX, s.minX);
  line.maxX = Math.max(line.maxX, s.maxX);
  const w = s.length + 1e-9;
  line.sw += w;
  line.sx += w * s.centerX;
  line.sy += w * s.centerY;
  line.sxx += w * s.centerX * s.centerX;
  line.sxy += w * s.centerX * s.centerY;
}

/** Pen path length of the line's strokes. */
export function lineLength(line: LineModel): number {
  return line.strokes.reduce((n, s) => n + s.length, 0);
}

/**
 * The line's slant (dy/dx), once it is long enough (`minSpan`, ink units) and has enough
 * strokes for a fit to mean something; 0 before that.
 */
export function lineSlope(line: LineModel, minSpan: number): number {
  if (line.maxX - line.minX < minSpan || line.strokes.length < MIN_SLOPE_STROKES) return 0;
  const varX = line.sxx / line.sw - (line.sx / line.sw) ** 2;
  if (!(varX > 0)) return 0;
  const slope = (line.sxy / line.sw - (line.sx / line.sw) * (line.sy / line.sw)) / varX;
  return Math.max(-MAX_SLOPE, Math.min(MAX_SLOPE, slope));
}

/**
 * Where the line's centre runs at `x`: the median, over the strokes nearest to x, of each
 * stroke's centre carried along the slant to x. `nearest` are those strokes (the caller knows
 * which are nearest: the last ones while building left to right).
 */
export function lineCenterAt(nearest: readonly StrokeGeometry[], slope: number, x: number): number {
  const ys = nearest.map((s) => s.centerY + slope * (x - s.centerX)).sort((a, b) => a - b);
  const m = ys.length >> 1;
  return ys.length % 2 ? ys[m] : (ys[m - 1] + ys[m]) / 2;
}

/** The strokes of a line nearest to x, from its strokes sorted by centerX. */
export function nearestStrokes(sortedByX: readonly StrokeGeometry[], x: number, count = LOCAL_STROKES): StrokeGeometry[] {
  let lo = 0, hi = sortedByX.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedByX[mid].centerX < x) lo = mid + 1;
    else hi = mid;
  }
  let left = lo - 1, right = lo;
  const out: StrokeGeometry[] = [];
  while (out.length < count && (left >= 0 || right < sortedByX.length)) {
    const takeLeft = right >= sortedByX.length || (left >= 0 && x - sortedByX[left].centerX <= sortedByX[right].centerX - x);
    out.push(takeLeft ? sortedByX[left--] : sortedByX[right++]);
  }
  return out;
}

export { LOCAL_STROKES };

/** A finished line, ready to be asked where its centre runs anywhere along it. */
export interface MeasuredLine {
  readonly line: LineModel;
  centerAt(x: number): number;
}

export function measureLine(line: LineModel, slopeSpan: number): MeasuredLine {
  const byX = [...line.strokes].sort((a, b) => a.centerX - b.centerX);
  const slope = lineSlope(line, slopeSpan);
  return { line, centerAt: (x) => lineCenterAt(nearestStrokes(byX, x), slope, x) };
}

/**
 * Where two lines are best compared: the middle of their horizontal overlap or, when they do
 * not overlap, half way across the gap between them.
 */
export function meetingX(a: LineModel, b: LineModel): number {
  const lo = Math.max(a.minX, b.minX);
  const hi = Math.min(a.maxX, b.maxX);
  return (lo + hi) / 2; // without overlap lo > hi, and this is the middle of the gap
}

/** A new line holding the strokes of both, left to right. */
export function mergeLines(a: LineModel, b: LineModel): LineModel {
  const strokes = [...a.strokes, ...b.strokes].sort((p, q) => p.minX - q.minX || p.stroke - q.stroke);
  const merged = createLineModel(strokes[0]);
  for (const s of strokes.slice(1)) addStrokeToLine(merged, s);
  return merged;
}
