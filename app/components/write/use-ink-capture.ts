"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { createInkCapture, type InkCapture, type InkChange } from "@/lib/ink/capture";
import type { Ink } from "@/lib/ink/types";

export const EMPTY_INK: Ink = { version: 1, strokes: [] };

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
    const stop = capture.onChange((change: InkChange) => {
      inkRef.current = change.ink;
      setInk(change.ink);
      setHistory({ canUndo: change.canUndo, canRedo: change.canRedo });
      onChangeRef.current(change.ink);
    });
    return () => {
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
