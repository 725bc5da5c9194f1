/**
 * Ink capture on a <canvas> with Pointer Events. This is the only module in lib/ that touches
 * the DOM; all decisions (palm rejection, stroke building, history, outlines, canvas size)
 * live in the pure modules next to it and are unit-tested there.
 */
import { InkSchema, type Ink, type InkStroke } from "../types";
import { backingStoreSize } from "./backing-store-size";
import { appendStroke, emptyInk, lastTimestamp } from "./ink-edits";
import { createInkHistory, DEFAULT_HISTORY_LIMIT, recordInk, redoInk, undoInk, type InkHistory } from "./ink-history";
import { decidePointerDown, type InputMode } from "./pointer-policy";
import {
  extendStroke,
  finishStroke,
  pointerKind,
  startStroke,
  timeOriginFor,
  type PointerKind,
  type PointerSample,
  type StrokeInProgress,
} from "./stroke-builder";
import { DEFAULT_STROKE_STYLE, extendOutline, finishOutline, outlineTip, startOutline, strokeOutline, type OutlineState, type StrokeStyle } from "./stroke-outline";

export interface InkCaptureOptions {
  /** Which pointers may draw (default "auto": touch is ignored once a pen has been seen). */
  readonly inputMode?: InputMode;
  /** What a drawing pointer leaving the canvas does: drop the stroke (default) or end it there. */
  readonly onLeave?: "cancel" | "end";
  readonly style?: Partial<StrokeStyle>;
  readonly color?: string;
  /** Colour of highlighted strokes (see setHighlight). */
  readonly highlightColor?: string;
  readonly historyLimit?: number;
  readonly initialInk?: Ink;
}

export type InkChangeReason = "stroke" | "undo" | "redo" | "clear" | "load";

export interface InkChange {
  /** A new immutable ink value; earlier values are never modified. */
  readonly ink: Ink;
  readonly reason: InkChangeReason;
  /** The pointer type that drew each stroke ("unknown" for loaded strokes). */
  readonly pointerTypes: readonly PointerKind[];
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

export interface InkCapture {
  getInk(): Ink;
  /** Pointer type per stroke of the current ink. */
  getPointerTypes(): readonly PointerKind[];
  /** Loads an ink (validated; throws on an invalid one). Undoable unless resetHistory. */
  setInk(ink: Ink, options?: { resetHistory?: boolean }): void;
  undo(): boolean;
  redo(): boolean;
  /** Removes all strokes (undoable). */
  clear(): void;
  canUndo(): boolean;
  canRedo(): boolean;
  /** Draws the given stroke indices in the highlight colour; null clears. Reset by any edit. */
  setHighlight(strokeIndices: Iterable<number> | null): void;
  setInputMode(mode: InputMode): void;
  /** Subscribes to edits; returns the unsubscribe function. */
  onChange(listener: (change: InkChange) => void): () => void;
  /** Removes every listener and observer; the canvas keeps its last drawing. */
  destroy(): void;
}

/** The canvas's place on screen and client-px → canvas-px scale for one stroke (frameOf). */
interface CanvasFrame {
  left: number;
  top: number;
  sx: number;
  sy: number;
  borderLeft: number;
  borderTop: number;
}

export function createInkCapture(canvas: HTMLCanvasElement, options: InkCaptureOptions = {}): InkCapture {
  const context = canvas.getContext("2d");
  if (!context) throw new Error("createInkCapture: the canvas has no 2D context");
  const ctx: CanvasRenderingContext2D = context;
  const style: StrokeStyle = { ...DEFAULT_STROKE_STYLE, ...options.style };
  const color = options.color ?? "#1a1a1a";
  const highlightColor = options.highlightColor ?? "#e8590c";
  const onLeave = options.onLeave ?? "cancel";
  const historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  let inputMode: InputMode = options.inputMode ?? "auto";

  const initial = options.initialInk ? validated(options.initialInk) : emptyInk();
  let history: InkHistory = createInkHistory(initial);
  let highlight = new Set<number>();
  let penSeen = false;
  let active: { stroke: StrokeInProgress; origin: number; frame: CanvasFrame } | undefined;
  // The outline of the stroke in progress, extended by the points drawn since the last frame.
  let activeOutline: { state: OutlineState; path: Path2D } | undefined;
  let timeOrigin: number | undefined;
  let scale = 1;
  let frame = 0;
  const listeners = new Set<(change: InkChange) => void>();
  // Strokes are immutable and shared between ink versions, so per-stroke data can hang off them.
  const kindOf = new WeakMap<InkStroke, PointerKind>();
  const pathOf = new WeakMap<InkStroke, Path2D>();

  const previousTouchAction = canvas.style.touchAction;
  canvas.style.touchAction = "none"; // otherwise touch and pen pan the page instead of drawing

  function validated(ink: Ink): Ink {
    const result = InkSchema.safeParse(ink);
    if (!result.success) throw new Error(`createInkCapture: invalid ink: ${result.error.issues[0]?.message}`);
    return ink;
  }

  const pointerTypes = () => history.present.strokes.map((s) => kindOf.get(s) ?? "unknown");

  function emit(reason: InkChangeReason) {
    const change: InkChange = {
      ink: history.present,
      reason,
      pointerTypes: pointerTypes(),
      canUndo: history.past.length > 0,
      canRedo: history.future.length > 0,
    };
    for (const listener of [...listeners]) {
      try {
        listener(change);
      } catch (e) {
        queueMicrotask(() => {
          throw e; // surface it without stopping the other listeners or the capture
        });
      }
    }
  }

  function commit(next: InkHistory, reason: InkChangeReason) {
    if (next === history) return false;
    history = next;
    highlight = new Set();
    if (history.present.strokes.length === 0) timeOrigin = undefined;
    // Listeners first: the recognizer is handed the new ink before the canvas is redrawn (a long
    // stroke's outline takes a few ms), and the redraw still lands before the next frame is painted.
    emit(reason);
    render();
    return true;
  }

  // ---- rendering -------------------------------------------------------------------------

  function pathFor(stroke: InkStroke): Path2D {
    let path = pathOf.get(stroke);
    if (!path) {
      path = new Path2D();
      strokeOutline(stroke.points, path, style, true);
      pathOf.set(stroke, path);
    }
    return path;
  }

  function render() {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    history.present.strokes.forEach((stroke, i) => {
      ctx.fillStyle = highlight.has(i) ? highlightColor : color;
      ctx.fill(pathFor(stroke));
    });
    if (active) {
      const outline = outlineOfActive(active.stroke);
      ctx.fillStyle = color;
      ctx.fill(outline.path);
      const tip = new Path2D();
      outlineTip(outline.state, tip);
      ctx.fill(tip);
    }
  }

  /** The active stroke's outline, caught up with its points (each point is taken once). */
  function outlineOfActive(stroke: StrokeInProgress) {
    if (!activeOutline) activeOutline = { state: startOutline(style), path: new Path2D() };
    const { state, path } = activeOutline;
    for (let i = state.points; i < stroke.points.length; i++) extendOutline(state, stroke.points[i], path);
    return activeOutline;
  }

  function scheduleRender() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  // ---- high-DPI sizing ------------------------------------------------------------------

  function resize() {
    const size = backingStoreSize(canvas.clientWidth, canvas.clientHeight, window.devicePixelRatio || 1);
    scale = size.scale;
    if (canvas.width !== size.width || canvas.height !== size.height) {
      canvas.width = size.width; // resets the bitmap, so draw again right away (no flicker)
      canvas.height = size.height;
    }
    render();
  }
  const resizeObserver = typeof ResizeObserver !== "undefined" ? new ResizeObserver(resize) : undefined;
  resizeObserver?.observe(canvas);
  // devicePixelRatio changes (window dragged to another screen, zoom) do not resize the element.
  let dprQuery: MediaQueryList | undefined;
  const watchDpr = () => {
    dprQuery?.removeEventListener("change", onDprChange);
    dprQuery = window.matchMedia?.(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    dprQuery?.addEventListener("change", onDprChange);
  };
  function onDprChange() {
    watchDpr();
    resize();
  }
  watchDpr();
  resize();

  // ---- pointer input ---------------------------------------------------------------------

  /**
   * Where the canvas is on screen and how client px map to its own CSS px, taken at pen-down and
   * kept for the stroke: the page may resize the canvas while a stroke is being written (a note's
   * canvas grows when its reading lands), which moves neither its top-left corner nor the pen, so
   * a scale recomputed from the new size against the old rectangle would stretch the rest of the
   * stroke (seen: a stroke 9 px taller than written).
   */
  function frameOf(): CanvasFrame {
    const rect = canvas.getBoundingClientRect();
    // CSS transforms can scale the element; map client px back to the canvas's own CSS px.
    return {
      left: rect.left,
      top: rect.top,
      sx: rect.width > 0 ? canvas.offsetWidth / rect.width : 1,
      sy: rect.height > 0 ? canvas.offsetHeight / rect.height : 1,
      borderLeft: canvas.clientLeft,
      borderTop: canvas.clientTop,
    };
  }

  function samplesOf(e: PointerEvent, frame: CanvasFrame): PointerSample[] {
    const events = typeof e.getCoalescedEvents === "function" ? e.getCoalescedEvents() : [];
    return (events.length > 0 ? events : [e]).map((ev) => ({
      x: (ev.clientX - frame.left) * frame.sx - frame.borderLeft,
      y: (ev.clientY - frame.top) * frame.sy - frame.borderTop,
      time: ev.timeStamp,
      pressure: ev.pressure,
    }));
  }

  const inside = (s: PointerSample) => s.x >= 0 && s.y >= 0 && s.x <= canvas.clientWidth && s.y <= canvas.clientHeight;

  function cancelActive() {
    if (!active) return;
    const id = active.stroke.pointerId;
    active = undefined;
    activeOutline = undefined;
    if (canvas.hasPointerCapture?.(id)) canvas.releasePointerCapture(id);
    scheduleRender();
  }

  function endActive() {
    if (!active) return;
    const stroke = finishStroke(active.stroke);
    const kind = active.stroke.pointerType;
    // The finished stroke keeps the outline drawn so far, so pen-up recomputes nothing.
    const outline = stroke ? outlineOfActive(active.stroke) : undefined;
    timeOrigin = active.origin;
    cancelActive();
    if (!stroke || !outline) return;
    finishOutline(outline.state, outline.path);
    const next = appendStroke(history.present, stroke);
    kindOf.set(next.strokes[next.strokes.length - 1], kind);
    pathOf.set(next.strokes[next.strokes.length - 1], outline.path);
    commit(recordInk(history, next, historyLimit), "stroke");
  }

  function onPointerDown(e: PointerEvent) {
    const kind = pointerKind(e.pointerType);
    if (kind === "pen") penSeen = true;
    if (kind === "mouse" && e.button !== 0) return;
    const decision = decidePointerDown(inputMode, penSeen, kind, active?.stroke.pointerType);
    if (decision === "ignore") return;
    if (decision === "replace") cancelActive();
    e.preventDefault();
    try {
      canvas.setPointerCapture(e.pointerId);
    } catch {
      // The pointer may already be gone; the stroke then ends on pointerleave instead.
    }
    const frame = frameOf();
    const [first] = samplesOf(e, frame).slice(-1);
    const origin = timeOrigin ?? timeOriginFor(first.time, lastTimestamp(history.present), 1);
    active = { stroke: startStroke(e.pointerId, kind, first, origin), origin, frame };
    scheduleRender();
  }

  function onPointerMove(e: PointerEvent) {
    if (e.pointerType === "pen") penSeen = true; // a hovering pen already announces itself
    if (!active || e.pointerId !== active.stroke.pointerId) return;
    const samples = samplesOf(e, active.frame);
    const outside = samples.findIndex((s) => !inside(s));
    if (outside >= 0) {
      active = { ...active, stroke: extendStroke(active.stroke, samples.slice(0, outside), active.origin) };
      if (onLeave === "end") endActive();
      else cancelActive();
      return;
    }
    active = { ...active, stroke: extendStroke(active.stroke, samples, active.origin) };
    scheduleRender();
  }

  function onPointerUp(e: PointerEvent) {
    if (!active || e.pointerId !== active.stroke.pointerId) return;
    const samples = samplesOf(e, active.frame).filter(inside);
    active = { ...active, stroke: extendStroke(active.stroke, samples, active.origin) };
    endActive();
  }

  function onPointerCancel(e: PointerEvent) {
    if (active && e.pointerId === active.stroke.pointerId) cancelActive();
  }

  function onPointerLeave(e: PointerEvent) {
    // With pointer capture this only happens after release; without it, it means the stroke left.
    if (!active || e.pointerId !== active.stroke.pointerId || canvas.hasPointerCapture?.(e.pointerId)) return;
    if (onLeave === "end") endActive();
    else cancelActive();
  }

  const handlers: [string, (e: PointerEvent) => void][] = [
    ["pointerdown", onPointerDown],
    ["pointermove", onPointerMove],
    ["pointerup", onPointerUp],
    ["pointercancel", onPointerCancel],
    ["lostpointercapture", onPointerCancel],
    ["pointerleave", onPointerLeave],
  ];
  for (const [type, handler] of handlers) canvas.addEventListener(type, handler as EventListener);

  return {
    getInk: () => history.present,
    getPointerTypes: pointerTypes,
    setInk(ink, opts = {}) {
      const next = validated(ink);
      cancelActive();
      timeOrigin = undefined;
      if (opts.resetHistory) {
        history = createInkHistory(next);
        highlight = new Set();
        render();
        emit("load");
      } else {
        commit(recordInk(history, next, historyLimit), "load");
      }
    },
    undo: () => (cancelActive(), commit(undoInk(history), "undo")),
    redo: () => (cancelActive(), commit(redoInk(history), "redo")),
    clear() {
      cancelActive();
      if (history.present.strokes.length > 0) commit(recordInk(history, emptyInk(), historyLimit), "clear");
    },
    canUndo: () => history.past.length > 0,
    canRedo: () => history.future.length > 0,
    setHighlight(strokeIndices) {
      highlight = new Set(strokeIndices ?? []);
      scheduleRender();
    },
    setInputMode(mode) {
      inputMode = mode;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      cancelActive();
      for (const [type, handler] of handlers) canvas.removeEventListener(type, handler as EventListener);
      resizeObserver?.disconnect();
      dprQuery?.removeEventListener("change", onDprChange);
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      listeners.clear();
      canvas.style.touchAction = previousTouchAction;
    },
  };
}
