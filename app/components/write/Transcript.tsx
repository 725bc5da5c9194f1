"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import type { AlignedLetter } from "@/lib/model/recognizer";
import styles from "./write.module.css";

export interface TranscriptProps {
  text: string;
  /** Alignment of `text` to the ink, or null when `text` is not the model's top reading. */
  alignment: readonly AlignedLetter[] | null;
  highlighted: ReadonlySet<number>;
  /** Stroke count of the ink this transcript reads (lets tests and tools wait for the right one). */
  strokes: number;
  busy: boolean;
  placeholder: string;
  onLetterActive(index: number | null): void;
}

/**
 * The transcript, one span per character so each can point at the strokes that made it.
 * Keyboard: one tab stop; arrow keys, Home and End move between letters (roving tabindex),
 * and the focused letter highlights its strokes, exactly like hovering or tapping it.
 */
export function Transcript({ text, alignment, highlighted, strokes, busy, placeholder, onLetterActive }: TranscriptProps) {
  const ref = useRef<HTMLParagraphElement>(null);
  const byIndex = new Map((alignment ?? []).map((a) => [a.index, a]));
  const chars = Array.from(text);
  const mappable = alignment !== null && chars.length > 0;
  const [roving, setRoving] = useState(0);
  const tabStop = byIndex.has(roving) && roving < chars.length ? roving : firstAligned(chars.length, byIndex);

  function focusLetter(i: number) {
    const spans = ref.current?.querySelectorAll<HTMLElement>("[data-index]");
    if (!spans?.length) return;
    spans[Math.max(0, Math.min(spans.length - 1, i))].focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLSpanElement>, i: number) {
    const moves: Record<string, number> = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: chars.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      focusLetter(moves[e.key]);
    }
  }

  return (
    <div className={styles.transcriptBox}>
      <p
        ref={ref}
        className={styles.transcript}
        data-testid="transcript"
        data-strokes={strokes}
        data-busy={busy ? "true" : "false"}
        aria-live="polite"
        aria-busy={busy}
        onMouseLeave={() => onLetterActive(null)}
      >
        {chars.map((ch, i) => {
          const aligned = byIndex.get(i);
          return (
            <span
              key={i}
              data-index={i}
              data-highlighted={highlighted.has(i) ? "true" : undefined}
              className={aligned ? styles.letter : undefined}
              tabIndex={mappable && aligned ? (i === tabStop ? 0 : -1) : undefined}
              title={aligned ? `Show the strokes of “${ch === " " ? "space" : ch}”` : undefined}
              onMouseEnter={aligned ? () => onLetterActive(i) : undefined}
              onFocus={
                aligned
                  ? () => {
                      setRoving(i);
                      onLetterActive(i);
                    }
                  : undefined
              }
              onBlur={aligned ? () => onLetterActive(null) : undefined}
              onClick={aligned ? () => onLetterActive(highlighted.has(i) && highlighted.size === 1 ? null : i) : undefined}
              onKeyDown={aligned ? (e) => onKeyDown(e, i) : undefined}
            >
              {ch}
            </span>
          );
        })}
      </p>
      {chars.length === 0 && (
        <p className={styles.transcriptPlaceholder} data-testid="transcript-placeholder">
          {placeholder}
        </p>
      )}
    </div>
  );
}

function firstAligned(n: number, byIndex: Map<number, AlignedLetter>): number {
  for (let i = 0; i < n; i++) if (byIndex.has(i)) return i;
  return -1;
}
