"use client";

import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import type { Ink } from "@/lib/ink/types";
import { noteCanvasHeight } from "./note-lines";

/**
 * The Write page canvas's height for a note (CSS px), or null to leave it to the stylesheet: a
 * word or a line keeps the canvas exactly as it is; from the second line on it grows below the
 * lowest ink by about a line (noteCanvasHeight), so there is always room for the next one, and the
 * page scrolls on a phone. `lines` is how many lines the recognizer found in `ink`.
 */
export function useNoteCanvasHeight(canvasRef: RefObject<HTMLCanvasElement | null>, ink: Ink, lines: number): number | null {
  const base = useRef(0);
  // Whether `base` must be read again. Reading clientHeight right after a commit forces a layout
  // (1.6 ms of every pen-up → transcript on this machine, bench-browser), so it is read once, and
  // again only after the window changed size (the stylesheet's height may have changed with it).
  const baseStale = useRef(true);
  const [height, setHeight] = useState<number | null>(null);

  useEffect(() => {
    const forget = () => void (baseStale.current = true);
    window.addEventListener("resize", forget);
    return () => window.removeEventListener("resize", forget);
  }, []);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    if (height === null && baseStale.current) {
      base.current = canvas.clientHeight; // the stylesheet's height, while not overridden
      baseStale.current = false;
    }
    let top = Infinity;
    let bottom = -Infinity;
    for (const s of ink.strokes)
      for (const p of s.points) {
        top = Math.min(top, p.y);
        bottom = Math.max(bottom, p.y);
      }
    const wanted = noteCanvasHeight({ base: base.current, inkTop: top, inkBottom: bottom, lines });
    // Grow as lines are added; only a word or a line again (undo, clear) gives the stylesheet its height back.
    // (Never shorter than the ink, should segmentation merge lines written low on a grown canvas.)
    const inkFits = !(bottom > base.current);
    const next = lines < 2 || ink.strokes.length === 0 ? (inkFits ? null : Math.max(height ?? 0, Math.ceil(bottom) + 16)) : wanted > base.current ? Math.max(wanted, height ?? 0) : height;
    if (next !== height) setHeight(next);
  }, [canvasRef, ink, lines, height]);

  return height;
}
