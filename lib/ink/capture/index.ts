/** Browser ink capture (DOM) and its pure building blocks. */
export { createInkCapture, type InkCapture, type InkCaptureOptions, type InkChange, type InkChangeReason } from "./create-ink-capture";
export { createInkHistory, recordInk, undoInk, redoInk, DEFAULT_HISTORY_LIMIT, type InkHistory } from "./ink-history";
export { appendStroke, emptyInk, lastTimestamp } from "./ink-edits";
export { decidePointerDown, type InputMode, type PointerDownDecision } from "./pointer-policy";
export { startStroke, extendStroke, finishStroke, storedPressure, pointerKind, timeOriginFor, type PointerKind, type PointerSample, type StrokeInProgress } from "./stroke-builder";
export { strokeOutlinePath, strokeOutline, svgPathSink, DEFAULT_STROKE_STYLE, type StrokeStyle, type PathSink } from "./stroke-outline";
export { backingStoreSize, MAX_CANVAS_SIDE } from "./backing-store-size";
