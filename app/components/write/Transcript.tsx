"use client";

import { Fragment, useRef, useState, type KeyboardEvent } from "react";
import { LINE_SEPARATOR } from "@/lib/model/recognize-lines";
import { letterId, type TranscriptRow } from "./note-lines";
import styles from "./write.module.css";

export interface TranscriptProps {
  /** One row per line of the ink (a word or a single line: one row). */
  rows: readonly TranscriptRow[];
  /** Highlighted letters, as letterId(line, index). */
  highlighted: ReadonlySet<string>;
  /** The line whose alternatives and correction are offered (marked when there are several). */
  activeLine: number;
  /** Stroke count of the ink this transcript reads (lets tests and tools wait for the right one). */
  strokes: number;
  busy: boolean;
  placeholder: string;
  onLetterActive(line: number, index: number | null): void;
  /** The writer picked a line (clicked it, or moved the keyboard focus onto it). */
  onLineSelect(line: number): void;
}

/**
 * The transcript: one row per line, joined by newlines (so copying or reading its text gives the
 * note as written), one span per character so each can point at the strokes that made it.
 * Keyboard: one tab stop; Left/Right, Home and End move between letters, Up/Down between lines
 * (roving tabindex), and the focused letter highlights its strokes, exactly like hovering or
 * tapping it. Clicking a row (or a letter in it) makes it the line the page offers choices for.
 */
export function Transcript({ rows, highlighted, activeLine, strokes, busy, placeholder, onLetterActive, onLineSelect }: TranscriptProps) {
  const ref = useRef<HTMLParagraphElement>(null);
  const [roving, setRoving] = useState<string | null>(null);
  const charsOf = rows.map((r) => Array.from(r.text));
  const alignedOf = rows.map((r) => new Set((r.alignment ?? []).map((a) => a.index)));
  const empty = charsOf.every((c) => c.length === 0);
  const tabStop = isAligned(roving) ? roving : firstAligned();
  const several = rows.length > 1;

  function isAligned(id: string | null): id is string {
    if (id === null) return false;
    const [line, index] = id.split(":").map(Number);
    return line < rows.length && index < charsOf[line].length && alignedOf[line].has(index);
  }

  function firstAligned(): string | null {
    for (let line = 0; line < rows.length; line++) for (let i = 0; i < charsOf[line].length; i++) if (alignedOf[line].has(i)) return letterId(line, i);
    return null;
  }

  function focusLetter(line: number, index: number) {
    const row = ref.current?.querySelector<HTMLElement>(`[data-line="${Math.max(0, Math.min(rows.length - 1, line))}"]`);
    const spans = row?.querySelectorAll<HTMLElement>("[data-index]");
    if (!spans?.length) return;
    spans[Math.max(0, Math.min(spans.length - 1, index))].focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLSpanElement>, line: number, i: number) {
    const last = charsOf[line].length - 1;
    const moves: Record<string, [number, number]> = {
      ArrowRight: i < last ? [line, i + 1] : [line + 1, 0],
      ArrowLeft: i > 0 ? [line, i - 1] : [line - 1, line > 0 ? charsOf[line - 1].length - 1 : 0],
      ArrowDown: [line + 1, i],
      ArrowUp: [line - 1, i],
      Home: [line, 0],
      End: [line, last],
    };
    if (e.key in moves) {
      e.preventDefault();
      const [toLine, toIndex] = moves[e.key];
      focusLetter(toLine < 0 || toLine >= rows.length ? line : toLine, toLine < 0 || toLine >= rows.length ? i : toIndex);
    }
  }

  return (
    <div className={styles.transcriptBox}>
      <p
        ref={ref}
        className={styles.transcript}
        data-testid="transcript"
        data-strokes={strokes}
        data-lines={rows.length}
        data-busy={busy ? "true" : "false"}
        aria-live="polite"
        aria-busy={busy}
        onMouseLeave={() => onLetterActive(0, null)}
      >
        {rows.map((row, line) => (
          <Fragment key={`${line}:${row.key}`}>
            {line > 0 && LINE_SEPARATOR}
            <span
              className={several ? styles.transcriptLine : undefined}
              data-line={line}
              data-testid="transcript-line"
              data-active={several && line === activeLine ? "true" : undefined}
              aria-label={several ? `Line ${line + 1}: ${row.text || "nothing read"}` : undefined}
              onClick={several ? () => onLineSelect(line) : undefined}
            >
              {charsOf[line].map((ch, i) => {
                const aligned = alignedOf[line].has(i);
                const id = letterId(line, i);
                return (
                  <span
                    key={i}
                    data-index={i}
                    data-highlighted={highlighted.has(id) ? "true" : undefined}
                    className={aligned ? styles.letter : undefined}
                    tabIndex={aligned ? (id === tabStop ? 0 : -1) : undefined}
                    title={aligned ? `Show the strokes of “${ch === " " ? "space" : ch}”` : undefined}
                    onMouseEnter={aligned ? () => onLetterActive(line, i) : undefined}
                    onFocus={
                      aligned
                        ? () => {
                            setRoving(id);
                            onLineSelect(line);
                            onLetterActive(line, i);
                          }
                        : undefined
                    }
                    onBlur={aligned ? () => onLetterActive(line, null) : undefined}
                    onClick={aligned ? () => onLetterActive(line, highlighted.has(id) && highlighted.size === 1 ? null : i) : undefined}
                    onKeyDown={aligned ? (e) => onKeyDown(e, line, i) : undefined}
                  >
                    {ch}
                  </span>
                );
              })}
            </span>
          </Fragment>
        ))}
      </p>
      {empty && (
        <p className={styles.transcriptPlaceholder} data-testid="transcript-placeholder">
          {placeholder}
        </p>
      )}
    </div>
  );
}
