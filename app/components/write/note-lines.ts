import type { AlignedLetter } from "@/lib/model/recognizer";
import { LINE_SEPARATOR } from "@/lib/model/recognize-lines";
import type { LineResult } from "./worker-protocol";

/** A line of the transcript as shown: the reading the writer chose or typed, and its alignment when it is the model's top one. */
export interface TranscriptRow {
  key: string;
  text: string;
  /** Letter ↔ stroke mapping of `text`, or null when it is not the model's top reading (an alternative, a correction). */
  alignment: readonly AlignedLetter[] | null;
  /** The page ink's strokes of this line. */
  strokes: readonly number[];
}

/**
 * The rows of the transcript, one per line: each line's top reading, unless the writer picked one
 * of its alternatives (`choices`, by line key) or corrected it (`corrections`, by line key). Keyed
 * by the line's strokes, so a choice stays with its line while other lines change.
 */
export function transcriptRows(lines: readonly LineResult[], choices: ReadonlyMap<string, number>, corrections: ReadonlyMap<string, string>): TranscriptRow[] {
  return lines.map((line) => {
    const corrected = corrections.get(line.key);
    const choice = choices.get(line.key) ?? 0;
    const text = corrected ?? line.candidates[choice]?.text ?? "";
    return { key: line.key, text, alignment: corrected === undefined && choice === 0 ? line.alignment : null, strokes: line.strokes };
  });
}

/** The whole transcript: the rows' texts, one line each. */
export const transcriptText = (rows: readonly TranscriptRow[]) => rows.map((r) => r.text).join(LINE_SEPARATOR);

/** The line (index) holding `stroke`, or -1. */
export function lineOfStroke(lines: readonly { strokes: readonly number[] }[], stroke: number): number {
  return lines.findIndex((l) => l.strokes.includes(stroke));
}

/**
 * The line whose alternatives and correction the page offers: the one the writer picked
 * (`selectedKey`, while it exists), else the one holding the newest stroke (the line being
 * written, or the one a late dot went to), else the first.
 */
export function activeLine(lines: readonly { key: string; strokes: readonly number[] }[], selectedKey: string | null, strokeCount: number): number {
  const selected = selectedKey === null ? -1 : lines.findIndex((l) => l.key === selectedKey);
  if (selected >= 0) return selected;
  return Math.max(0, lineOfStroke(lines, strokeCount - 1));
}

/** Names a letter of the transcript across lines (Transcript, useStrokeHover). */
export const letterId = (line: number, index: number) => `${line}:${index}`;

/**
 * How tall the canvas is (CSS px) for a note: its own height (`base`) for a word or a line, and
 * once the ink has two lines or more, tall enough for another line under the lowest ink (a line's
 * pitch in this note, at least `minRoom`), up to `max`. It never cuts off ink already written.
 */
export function noteCanvasHeight({ base, inkTop, inkBottom, lines, minRoom = 120, max = 2400 }: { base: number; inkTop: number; inkBottom: number; lines: number; minRoom?: number; max?: number }): number {
  if (lines < 2 || !(inkBottom > inkTop)) return base;
  const pitch = (inkBottom - inkTop) / (lines - 0.5);
  const wanted = Math.ceil(inkBottom + Math.max(minRoom, pitch));
  return Math.max(base, Math.ceil(inkBottom), Math.min(max, wanted));
}
