"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { createInkCapture, type InkCapture, type InkChange } from "@/lib/ink/capture";
import type { Ink } from "@/lib/ink/types";

export const EMPTY_INK: Ink = { version: 1, strokes: [] };

/**
 * The longest a new stroke waits before the page's own state (the ink, undo/redo) shows it. The
 * canvas draws the stroke at once and `onChange` hands the ink to the recognizer at once; the page
 * re-renders for it together with the stroke's reading (`showPendingStroke`, called as the reading
 * lands), so the ink, the transcript and everything derived from both change in one render. On a
 * 2-core machine, a render at pen-up (with its layout and repaint) took the CPU from the
 * recognizer: on the Write page, pen-up to transcript went from ~20 to ~16 ms with the page idle
 * meanwhile. Undo, redo, clear and loads are the user's own commands and show at once.
 */
const STROKE_STATE_DELAY_MS = 60;

/**
 * Ink capture on the Write page's canvas (attach `canvasRef` to it): the ink and its undo/redo
 * history as state, the latest ink in `inkRef` for event handlers, the edit commands, stroke
 * highlighting and the "pen only" input mode. `onChange` runs after every edit with the new ink.
 * A new stroke's state follows when `showPendingStroke()` is called (with its reading) or after
 * STROKE_STATE_DELAY_MS, whichever comes first; the latest change wins.
 */
export function useInkCapture(onChange: (ink: Ink) => void) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const captureRef = useRef<InkCapture | null>(null);
  const inkRef = useRef<Ink>(EMPTY_INK);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  const [ink, setInk] = useState<Ink>(EMPTY_INK);
  const [history, setHistory] = useState({ canUndo: false, canRedo: false });
  const [penOnly, setPenOnly] = useState(false);
  const pendingRef = useRef<{ change: InkChange; timer: ReturnType<typeof setTimeout> } | null>(null);

  /** Shows the stroke whose state is still held back (if any), now: call it in the same task as the reading's own state. */
  const showPendingStroke = useCallback(() => {
    const pending = pendingRef.current;
    if (!pending) return;
    clearTimeout(pending.timer);
    pendingRef.current = null;
    setInk(pending.change.ink);
    setHistory({ canUndo: pending.change.canUndo, canRedo: pending.change.canRedo });
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Ink is drawn dark; in dark mode the stylesheet inverts the canvas (see .canvas), so one
    // colour pair serves both schemes and the ink never has to be redrawn when the scheme flips.
    const capture = createInkCapture(canvas, { inputMode: "auto", color: "#1b1d21", highlightColor: "#d9480f" });
    captureRef.current = capture;
    const stop = capture.onChange((change: InkChange) => {
      inkRef.current = change.ink;
      // The recognizer first, then the page's state: at once for a command, with the reading for a stroke.
      if (pendingRef.current) clearTimeout(pendingRef.current.timer);
      pendingRef.current = { change, timer: setTimeout(showPendingStroke, STROKE_STATE_DELAY_MS) };
      onChangeRef.current(change.ink);
      if (change.reason !== "stroke") showPendingStroke();
    });
    return () => {
      if (pendingRef.current) clearTimeout(pendingRef.current.timer);
      pendingRef.current = null;
      stop();
      capture.destroy();
      captureRef.current = null;
    };
  }, [showPendingStroke]);

  useEffect(() => {
    captureRef.current?.setInputMode(penOnly ? "pen-only" : "auto");
  }, [penOnly]);

  const undo = useCallback(() => captureRef.current?.undo(), []);
  const redo = useCallback(() => captureRef.current?.redo(), []);
  const clear = useCallback(() => captureRef.current?.clear(), []);
  /** Draws these strokes in the highlight colour; null clears. */
  const setHighlight = useCallback((strokes: Iterable<number> | null) => captureRef.current?.setHighlight(strokes), []);
  const togglePenOnly = useCallback(() => setPenOnly((v) => !v), []);

  return { canvasRef, ink, inkRef, history, showPendingStroke, undo, redo, clear, setHighlight, penOnly, togglePenOnly };
}
