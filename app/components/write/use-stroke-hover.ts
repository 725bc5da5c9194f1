"use client";

import type { RefObject } from "react";
import { useCallback, useRef, useState } from "react";
import type { Ink } from "@/lib/ink/types";
import { lettersOfStroke } from "./letters-of-stroke";
import { letterId, lineOfStroke, type TranscriptRow } from "./note-lines";
import { strokeAtPoint } from "./stroke-hit-test";

/** How close (CSS px) the pointer must be to a stroke for hovering to select it. */
const HOVER_RADIUS = 12;
const NO_LETTERS: ReadonlySet<string> = new Set();

/**
 * The letter ↔ stroke mapping on the Write page, both ways, line by line: `showLetter(line, index)`
 * (a letter of the transcript pointed at or tapped) highlights the strokes that made it, and
 * hovering a stroke on the canvas (`onPointerMove`, `onPointerLeave`) highlights it and the letters
 * it made, in its own line's row. Letters are named letterId(line, index). A row without an
 * alignment (an alternative or a correction shown) maps nothing; `clearLetters()` after an edit.
 */
export function useStrokeHover(inkRef: RefObject<Ink>, setHighlight: (strokes: Iterable<number> | null) => void, rows: readonly TranscriptRow[]) {
  const [highlightedLetters, setHighlightedLetters] = useState<ReadonlySet<string>>(NO_LETTERS);
  const hoveredStroke = useRef(-1);

  // The same (empty) set when nothing is highlighted, so an edit's clearLetters() renders nothing.
  const clearLetters = useCallback(() => setHighlightedLetters((letters) => (letters.size === 0 ? letters : NO_LETTERS)), []);

  const showLetter = useCallback(
    (line: number, index: number | null) => {
      const alignment = rows[line]?.alignment;
      if (index === null || !alignment) {
        setHighlightedLetters(new Set());
        setHighlight(null);
        return;
      }
      const letter = alignment.find((a) => a.index === index);
      setHighlightedLetters(new Set([letterId(line, index)]));
      setHighlight(letter?.strokes ?? null);
    },
    [rows, setHighlight],
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
    const line = stroke < 0 ? -1 : lineOfStroke(rows, stroke);
    const alignment = line < 0 ? null : rows[line].alignment;
    if (!alignment) {
      setHighlightedLetters(new Set());
      setHighlight(null);
      return;
    }
    setHighlightedLetters(new Set(lettersOfStroke(alignment, stroke).map((i) => letterId(line, i))));
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
