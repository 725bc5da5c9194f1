import type { Ink } from "../types";
import { inkOfStrokes, segmentLines } from "./segment-lines";

/** A label's lines: split at "\n" (and "\r\n"), each trimmed. */
export function labelLines(label: string): string[] {
  return label.split(/\r?\n/).map((line) => line.trim());
}

export type LabelledLines =
  | { ok: true; lines: { ink: Ink; text: string }[] }
  | { ok: false; reason: string; inkLines: number; labelLines: number };

/**
 * A labelled ink as single labelled lines, for what learns from one line at a time (retraining,
 * the personal adaptation): a one-line label is the ink itself, untouched; a label of n lines is
 * the ink split by segmentLines, its k-th line (top to bottom) with the label's k-th line, when
 * segmentLines finds exactly n lines, each with a non-empty label line. Otherwise which ink
 * line goes with which label line is unknown, and the sample is refused with the reason.
 */
export function splitLabelledLines(ink: Ink, label: string): LabelledLines {
  const texts = labelLines(label);
  if (texts.length === 1) return { ok: true, lines: [{ ink, text: label }] };
  const lines = segmentLines(ink);
  if (lines.length !== texts.length) {
    return { ok: false, reason: `the label has ${texts.length} lines but the ink was segmented into ${lines.length}`, inkLines: lines.length, labelLines: texts.length };
  }
  if (texts.some((t) => t.length === 0)) return { ok: false, reason: "the label has an empty line", inkLines: lines.length, labelLines: texts.length };
  return { ok: true, lines: lines.map((line, k) => ({ ink: inkOfStrokes(ink, line.strokes), text: texts[k] })) };
}
