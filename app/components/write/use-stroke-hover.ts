"use client";

import type { RefObject } from "react";
import { useCallback, useRef, useState } from "react";
import type { Ink } from "@/lib/ink/types";
import type { AlignedLetter } from "@/lib/model/recognizer";
import { lettersOfStroke } from "./letters-of-stroke";
import { strokeAtPoint } from "./stroke-hit-test";

/** How close (CSS px) the pointer must be to a stroke for hovering to select it. */
const HOVER_RADIUS = 12;
const NO_LETTERS: ReadonlySet<number> = new Set();

/**
 * The letter ↔ stroke mapping on the Write page, both ways: `showLetter(index)` (a letter of
 * the transcript pointed at or tapped) highlights the strokes that made it, and hovering a
 * stroke on the canvas (`onPointerMove`, `onPointerLeave`) highlights it and the letters it
 * made. Needs the top reading's `alignment` (null: nothing to map); `clearLetters()` after an edit.
 */
export function useStrokeHover(inkRef: RefObject<Ink>, setHighlight: (strokes: Iterable<number> | null) => void, alignment: AlignedLetter[] | null) {
  const [highlightedLetters, setHighlightedLetters] = useState<ReadonlySet<number>>(NO_LETTERS);
  const hoveredStroke = useRef(-1);

  const clearLetters = useCallback(() => setHighlightedLetters(new Set()), []);

  const showLetter = useCallback(
    (index: number | null) => {
      if (index === null || !alignment) {
        setHighlightedLetters(new Set());
        setHighlight(null);
        return;
      }
      const letter = alignment.find((a) => a.index === index);
      setHighlightedLetters(new Set([index]));
      setHighlight(letter?.strokes ?? null);
    },
    [alignment, setHighlight],
  );

  function onPointerMove(e: React.PointerEvent<HTMLCanvasElement>) {
    if (e.buttons !== 0 || e.pointerType === "touch") return; // drawing, or a finger (which cannot hover)
    const canvas = e.currentTarget;
    const rect = canvas.getBoundingClientRect();
    const x = (e.clientX - rect.left) * (canvas.offsetWidth / (rect.width || 1)) - canvas.clientLeft;
    const y = (e.clientY - rect.top) * (canvas.offsetHeight / (rect.height || 1)) - canvas.clientTop;
    const stroke = strokeAtPoint(inkRef.current, x, y, HOVER_RADIUS);
    if (stroke === hoveredStroke.current) return;
    hoveredStroke.current = stroke;
    if (stroke < 0 || !alignment) {
      setHighlightedLetters(new Set());
      setHighlight(null);
      return;
    }
    setHighlightedLetters(new Set(lettersOfStroke(alignment, stroke)));
    setHighlight([stroke]);
  }

  function onPointerLeave() {
    if (hoveredStroke.current < 0) return;
    hoveredStroke.current = -1;
    setHighlightedLetters(new Set());
    setHighlight(null);
  }

  return { highlightedLetters, showLetter, onPointerMove, onPointerLeave, clearLetters };
}
