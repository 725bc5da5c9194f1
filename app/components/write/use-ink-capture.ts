"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { createInkCapture, type InkCapture, type InkChange } from "@/lib/ink/capture";
import type { Ink } from "@/lib/ink/types";

export const EMPTY_INK: Ink = { version: 1, strokes: [] };

/**
 * How long after a pen-up the page's own state (the ink, undo/redo) follows it. The canvas shows
 * the stroke at once and `onChange` hands the ink to the recognizer at once; re-rendering the page
 * for it waits until the reading has usually landed (a word takes 15–25 ms), because on a 2-core
 * machine that render, its layout and repaint took the CPU from the recognizer: measured on the
 * Write page, pen-up to transcript went from ~20 to ~16 ms once the page stayed idle meanwhile.
 * Undo, redo, clear and loads are the user's own commands and show at once.
 */
const STROKE_STATE_DELAY_MS = 60;

/**
 * Ink capture on the Write page's canvas (attach `canvasRef` to it): the ink and its undo/redo
 * history as state, the latest ink in `inkRef` for event handlers, the edit commands, stroke
 * highlighting and the "pen only" input mode. `onChange` runs after every edit with the new ink.
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

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Ink is drawn dark; in dark mode the stylesheet inverts the canvas (see .canvas), so one
    // colour pair serves both schemes and the ink never has to be redrawn when the scheme flips.
    const capture = createInkCapture(canvas, { inputMode: "auto", color: "#1b1d21", highlightColor: "#d9480f" });
    captureRef.current = capture;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const stop = capture.onChange((change: InkChange) => {
      inkRef.current = change.ink;
      onChangeRef.current(change.ink);
      clearTimeout(pending); // the latest change wins
      const show = () => {
        pending = undefined;
        setInk(change.ink);
        setHistory({ canUndo: change.canUndo, canRedo: change.canRedo });
      };
      if (change.reason === "stroke") pending = setTimeout(show, STROKE_STATE_DELAY_MS);
      else show();
    });
    return () => {
      clearTimeout(pending);
      stop();
      capture.destroy();
      captureRef.current = null;
    };
  }, []);

  useEffect(() => {
    captureRef.current?.setInputMode(penOnly ? "pen-only" : "auto");
  }, [penOnly]);

  const undo = useCallback(() => captureRef.current?.undo(), []);
  const redo = useCallback(() => captureRef.current?.redo(), []);
  const clear = useCallback(() => captureRef.current?.clear(), []);
  /** Draws these strokes in the highlight colour; null clears. */
  const setHighlight = useCallback((strokes: Iterable<number> | null) => captureRef.current?.setHighlight(strokes), []);
  const togglePenOnly = useCallback(() => setPenOnly((v) => !v), []);

  return { canvasRef, ink, inkRef, history, undo, redo, clear, setHighlight, penOnly, togglePenOnly };
}
