import type { Ink } from "../types";

/**
 * Undo/redo as an immutable value: every edit makes a new history and leaves the old one
 * (and every ink in it) untouched, so the UI can hold on to any ink it was given.
 */
export interface InkHistory {
  readonly past: readonly Ink[];
  readonly present: Ink;
  readonly future: readonly Ink[];
}

/** Enough for any realistic writing session; older states are forgotten first. */
export const DEFAULT_HISTORY_LIMIT = 500;

export function createInkHistory(initial: Ink): InkHistory {
  return { past: [], present: initial, future: [] };
}

/** Records `next` as the new present; clears redo. Recording the same ink again is a no-op. */
export function recordInk(history: InkHistory, next: Ink, limit = DEFAULT_HISTORY_LIMIT): InkHistory {
  if (next === history.present) return history;
  const past = [...history.past, history.present];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, present: next, future: [] };
}

export function undoInk(history: InkHistory): InkHistory {
  if (history.past.length === 0) return history;
  return {
    past: history.past.slice(0, -1),
    present: history.past[history.past.length - 1],
    future: [history.present, ...history.future],
  };
}

export function redoInk(history: InkHistory): InkHistory {
  if (history.future.length === 0) return history;
  return { past: [...history.past, history.present], present: history.future[0], future: history.future.slice(1) };
}
