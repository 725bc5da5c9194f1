import type { InkPoint } from "../types";
import { hypot } from "../hypot";

/**
 * How a stroke is drawn: a pen nib whose width follows pressure (real, or simulated from speed
 * for mice and touch), moving along a smoothed trace of the pointer.
 *
 * The outline is the union of round "capsules", one per segment of the smoothed trace: a
 * quadrilateral from one point's nib to the next, and the nib's disc at the segment's end. A
 * union needs no look-ahead, so the outline grows one segment per pointer sample and what is
 * already drawn never changes: the stroke in progress costs O(1) per sample, with no garbage,
 * instead of recomputing an outline of the whole stroke every frame (which allocated ~0.7 MB
 * a frame for a 350-point stroke, and the major GCs that followed stole the recognizer's CPU
 * at pen-up). A finished stroke is the same fold over its points, so it looks exactly as it
 * did while being drawn. Every sub-path winds the same way, so a nonzero fill is their union.
 */
export interface StrokeStyle {
  /** Nib diameter in CSS px at pressure 0.5. */
  readonly size: number;
  /** How much pressure changes the width: 0 never, 1 from nothing at pressure 0 to double at 1. */
  readonly thinning: number;
  /** Steps shorter than this fraction of the nib are merged, so a jittery pointer draws no beads. */
  readonly smoothing: number;
  /** How far the trace lags the pointer to smooth it: 0 follows exactly, 1 lags the most. */
  readonly streamline: number;
}

export const DEFAULT_STROKE_STYLE: StrokeStyle = { size: 4, thinning: 0.6, smoothing: 0.5, streamline: 0.4 };

/** Path commands; Path2D and CanvasRenderingContext2D both take them. */
export interface PathSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
  closePath(): void;
}

/**
 * The running state of one stroke's outline. Mutable on purpose: it is extended once per
 * pointer sample while drawing, and holding it in a few numbers keeps that allocation-free.
 */
export interface OutlineState {
  readonly style: StrokeStyle;
  /** Input points taken so far. */
  points: number;
  /** The last point of the smoothed trace and its nib radius. */
  x: number;
  y: number;
  radius: number;
  /** The last raw input point (where the pointer is) and its time, if the ink has times. */
  rawX: number;
  rawY: number;
  rawT: number | undefined;
  /** Pressure simulated from speed, eased from sample to sample. */
  simulated: number;
  /** The first point's stored pressure, and whether any later one differed (a real pressure sensor). */
  firstPressure: number | undefined;
  realPressure: boolean;
}

/**
 * Writing speed in CSS px per ms at and above which the simulated pen is at its thinnest. With
 * the pressure range below, ordinary mouse writing (3–5 px per 60 Hz sample) draws 1.6–2.4 px
 * wide at the default nib, the weight the Write page has always had.
 */
const FAST_PX_PER_MS = 0.25;
/** How much of the gap to the speed's pressure the simulated pressure closes per sample. */
const PRESSURE_EASING = 0.3;
/** A stroke starts as a fine pen at writing speed would draw it, so its start shows no blot. */
const INITIAL_SIMULATED_PRESSURE = 0.2;
/** Sample interval assumed when the ink carries no times (a 60 Hz pointer). */
const DEFAULT_SAMPLE_MS = 16;

export function startOutline(style: StrokeStyle = DEFAULT_STROKE_STYLE): OutlineState {
  return { style, points: 0, x: 0, y: 0, radius: 0, rawX: 0, rawY: 0, rawT: undefined, simulated: INITIAL_SIMULATED_PRESSURE, firstPressure: undefined, realPressure: false };
}

/** A pen's nib radius at a pressure in [0, 1]; never thinner than a fifth of the nib so ink stays visible. */
export function nibRadius(style: StrokeStyle, pressure: number): number {
  const diameter = style.size * (1 + style.thinning * (2 * pressure - 1));
  return Math.max(style.size * 0.2, diameter) / 2;
}

/** Slow strokes write wider, fast ones thinner, as with a real pen on paper. */
function pressureForSpeed(pxPerMs: number): number {
  return 0.75 * (1 - Math.min(1, pxPerMs / FAST_PX_PER_MS));
}

/** Appends the nib's disc at (x, y). */
function disc(sink: PathSink, x: number, y: number, radius: number) {
  sink.moveTo(x + radius, y);
  sink.arc(x, y, radius, 0, 2 * Math.PI);
  sink.closePath();
}

/** Appends the capsule from the state's trace point to (x, y, radius), leaving the state as it was. */
function capsule(sink: PathSink, from: OutlineState, x: number, y: number, radius: number) {
  const dx = x - from.x;
  const dy = y - from.y;
  const length = hypot(dx, dy);
  // When one disc swallows the other the quadrilateral would cross itself; the discs cover it.
  if (length > Math.abs(radius - from.radius)) {
    const nx = -dy / length;
    const ny = dx / length;
    // Wound as the discs are (canvas arcs run clockwise on screen), so the nonzero fill unites them.
    sink.moveTo(from.x - nx * from.radius, from.y - ny * from.radius);
    sink.lineTo(x - nx * radius, y - ny * radius);
    sink.lineTo(x + nx * radius, y + ny * radius);
    sink.lineTo(from.x + nx * from.radius, from.y + ny * from.radius);
    sink.closePath();
  }
  disc(sink, x, y, radius);
}

/**
 * The nib radius for the next raw point, updating the pressure state. Pressure counts as real
 * once a point's differs from the first's: mice report a constant 0.5, and inks may carry none.
 */
function radiusAt(state: OutlineState, point: InkPoint): number {
  const stored = point.p;
  if (state.firstPressure === undefined) state.firstPressure = stored;
  else if (stored !== undefined && stored !== state.firstPressure) state.realPressure = true;
  if (state.points > 0) {
    const distance = hypot(point.x - state.rawX, point.y - state.rawY);
    const ms = point.t !== undefined && state.rawT !== undefined && point.t > state.rawT ? point.t - state.rawT : DEFAULT_SAMPLE_MS;
    const target = pressureForSpeed(distance / ms);
    state.simulated += (target - state.simulated) * PRESSURE_EASING;
  }
  return nibRadius(state.style, state.realPressure && stored !== undefined ? stored : state.simulated);
}

/**
 * Takes the next input point: moves the smoothed trace toward it and appends the new capsule,
 * or nothing when the step is too short to show.
 */
export function extendOutline(state: OutlineState, point: InkPoint, sink: PathSink): void {
  if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return;
  const radius = radiusAt(state, point);
  const first = state.points === 0;
  state.points++;
  state.rawX = point.x;
  state.rawY = point.y;
  state.rawT = point.t;
  if (first) {
    state.x = point.x;
    state.y = point.y;
    state.radius = radius;
    disc(sink, point.x, point.y, radius);
    return;
  }
  const follow = 1 - 0.85 * state.style.streamline;
  const x = state.x + (point.x - state.x) * follow;
  const y = state.y + (point.y - state.y) * follow;
  if (hypot(x - state.x, y - state.y) < minimumStep(state.style)) return;
  capsule(sink, state, x, y, radius);
  state.x = x;
  state.y = y;
  state.radius = radius;
}

function minimumStep(style: StrokeStyle): number {
  return Math.max(0.1, style.size * style.smoothing * 0.125);
}

/** Ends the stroke: the trace catches up with the last raw point, where the pen was lifted. */
export function finishOutline(state: OutlineState, sink: PathSink): void {
  if (state.points < 2 || (state.x === state.rawX && state.y === state.rawY)) return;
  capsule(sink, state, state.rawX, state.rawY, state.radius);
  state.x = state.rawX;
  state.y = state.rawY;
}

/**
 * While drawing: the bit from the smoothed trace to the pointer itself, drawn each frame on its
 * own (the state is not changed), so the ink never trails behind the pen.
 */
export function outlineTip(state: OutlineState, sink: PathSink): void {
  if (state.points < 2 || (state.x === state.rawX && state.y === state.rawY)) return;
  capsule(sink, state, state.rawX, state.rawY, state.radius);
}

/** A whole stroke's outline into `sink`; `complete` marks a finished stroke (the trace reaches its last point). */
export function strokeOutline(points: readonly InkPoint[], sink: PathSink, style: StrokeStyle = DEFAULT_STROKE_STYLE, complete = true): OutlineState {
  const state = startOutline(style);
  for (const point of points) extendOutline(state, point, sink);
  if (complete) finishOutline(state, sink);
  return state;
}

/** SVG path data built from path commands: for <path d>, previews and tests. */
export function svgPathSink(): PathSink & { toString(): string } {
  const parts: string[] = [];
  const n = (v: number) => (Math.round(v * 100) / 100).toString(); // sub-pixel precise, short
  return {
    moveTo: (x, y) => void parts.push(`M${n(x)},${n(y)}`),
    lineTo: (x, y) => void parts.push(`L${n(x)},${n(y)}`),
    // Only whole discs are drawn: two half-circle arcs, since SVG cannot draw a full circle in one.
    arc: (x, y, r) => void parts.push(`A${n(r)},${n(r)} 0 1 1 ${n(x - r)},${n(y)} A${n(r)},${n(r)} 0 1 1 ${n(x + r)},${n(y)}`),
    closePath: () => void parts.push("Z"),
    toString: () => parts.join(" "),
  };
}

/** The filled outline of a stroke as an SVG path string (usable by Path2D and <path d>). */
export function strokeOutlinePath(points: readonly InkPoint[], style: StrokeStyle = DEFAULT_STROKE_STYLE, complete = true): string {
  const sink = svgPathSink();
  strokeOutline(points, sink, style, complete);
  return sink.toString();
}
