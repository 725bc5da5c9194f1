import type { InkPoint, InkStroke } from "../types";

/** One pointer sample, already in canvas CSS pixels. `time` is the event's timeStamp in ms. */
export interface PointerSample {
  readonly x: number;
  readonly y: number;
  readonly time: number;
  readonly pressure: number;
}

export type PointerKind = "pen" | "touch" | "mouse" | "unknown";

/** The stroke being drawn: which pointer draws it and the points so far. */
export interface StrokeInProgress {
  readonly pointerId: number;
  readonly pointerType: PointerKind;
  readonly points: readonly InkPoint[];
}

export function pointerKind(pointerType: string): PointerKind {
  return pointerType === "pen" || pointerType === "touch" || pointerType === "mouse" ? pointerType : "unknown";
}

/**
 * Pressure as stored: the device value, clamped to [0, 1]. Mice report 0.5 while a button is
 * down, which is kept as is; a missing or non-finite value also becomes 0.5, the Pointer Events
 * default for "pressure not supported".
 */
export function storedPressure(pressure: number): number {
  if (!Number.isFinite(pressure)) return 0.5;
  return pressure < 0 ? 0 : pressure > 1 ? 1 : pressure;
}

function appendSamples(points: InkPoint[], samples: readonly PointerSample[], timeOrigin: number): void {
  for (const s of samples) {
    if (!Number.isFinite(s.x) || !Number.isFinite(s.y) || !Number.isFinite(s.time)) continue;
    const prev = points[points.length - 1];
    // Coalesced lists can repeat the dispatched event, and some browsers deliver samples out of
    // order by a fraction of a ms: keep time monotonic and skip exact repeats.
    const t = prev?.t !== undefined && s.time - timeOrigin < prev.t ? prev.t : s.time - timeOrigin;
    if (prev && prev.x === s.x && prev.y === s.y && prev.t === t) continue;
    points.push({ x: s.x, y: s.y, t, p: storedPressure(s.pressure) });
  }
}

export function startStroke(pointerId: number, pointerType: PointerKind, first: PointerSample, timeOrigin: number): StrokeInProgress {
  const points: InkPoint[] = [];
  appendSamples(points, [first], timeOrigin);
  return { pointerId, pointerType, points };
}

/** A new in-progress stroke with the samples appended (the old one is left as it was). */
export function extendStroke(stroke: StrokeInProgress, samples: readonly PointerSample[], timeOrigin: number): StrokeInProgress {
  const points = stroke.points.slice();
  appendSamples(points, samples, timeOrigin);
  return points.length === stroke.points.length ? stroke : { ...stroke, points };
}

/** The finished stroke, or undefined when it never got a valid point. */
export function finishStroke(stroke: StrokeInProgress): InkStroke | undefined {
  return stroke.points.length > 0 ? { points: stroke.points } : undefined;
}

/**
 * Where `t` = 0 lies for new strokes. A new (empty) ink starts its clock at its first point;
 * strokes added to an existing ink continue after its last timestamp, so `t` stays ordered.
 */
export function timeOriginFor(firstSampleTime: number, lastInkTime: number | undefined, gapMs = 0): number {
  return lastInkTime === undefined ? firstSampleTime : firstSampleTime - lastInkTime - gapMs;
}
