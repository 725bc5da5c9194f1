import type { Ink } from "../ink/types";
import { splitLabelledLines } from "../ink/lines/split-labelled-lines";
import { compactFromInk, type CompactSample } from "../training/dataset";

/**
 * Contributed samples as the single lines the trainer learns from: a one-line sample as it is; a
 * multi-line one (a note from Contribute, an imported stacked block) split into its lines by
 * segmentLines when it finds as many lines as the label has, each line `<id>#<k>` (1-based) with
 * the label's k-th line; otherwise skipped, with the reason, for the job log.
 */
export function trainingLines(samples: readonly { id: string; text: string; writer: string; ink: Ink }[]): {
  samples: CompactSample[];
  /** Multi-line samples split into their lines. */
  split: number;
  /** Multi-line samples left out: which ink line goes with which label line is unknown. */
  skipped: { id: string; reason: string }[];
} {
  const out: CompactSample[] = [];
  const skipped: { id: string; reason: string }[] = [];
  let split = 0;
  for (const s of samples) {
    const result = splitLabelledLines(s.ink, s.text);
    if (!result.ok) {
      skipped.push({ id: s.id, reason: result.reason });
      continue;
    }
    if (result.lines.length === 1) {
      out.push(compactFromInk(s.id, s.text, s.writer, s.ink));
      continue;
    }
    split++;
    result.lines.forEach((line, k) => out.push(compactFromInk(`${s.id}#${k + 1}`, line.text, s.writer, line.ink)));
  }
  return { samples: out, split, skipped };
}
