/**
 * Scoring multi-line readings (npm run eval). A page's reading joins its lines with "\n"; a label
 * says how many lines there are only when it has newlines too (UNIPEN's stacked blocks join
 * their lines with spaces, so for them only the distribution of line counts can be reported).
 */

/**
 * The reading as scored against `label`: with `newlineAsSpace`, a label without a newline takes
 * the reading's newlines as spaces (a stacked block labelled "Jack Jenny" read as "Jack\nJenny"
 * is right). A label with newlines is scored exactly.
 */
export function readingForScoring(label: string, reading: string, newlineAsSpace: boolean): string {
  return newlineAsSpace && !label.includes("\n") ? reading.replaceAll("\n", " ") : reading;
}

/** Lines the label says there are, or null when it does not say (no newline). */
export function labelledLineCount(label: string): number | null {
  return label.includes("\n") ? label.split("\n").length : null;
}

/** Counts how many lines the segmenter found, per group of samples, and how often it matched the label. */
export class LineCountTally {
  /** Samples whose label gives a line count, and those where the segmenter found that many. */
  labelled = { samples: 0, correct: 0 };
  /** group → line count → samples. */
  readonly distribution = new Map<string, Map<number, number>>();

  add(group: string, label: string, found: number): void {
    const expected = labelledLineCount(label);
    if (expected !== null) {
      this.labelled.samples++;
      if (expected === found) this.labelled.correct++;
    }
    const counts = this.distribution.get(group) ?? new Map<number, number>();
    counts.set(found, (counts.get(found) ?? 0) + 1);
    this.distribution.set(group, counts);
  }

  /** Share of labelled samples with the right number of lines; null when no label gave a count. */
  get accuracy(): number | null {
    return this.labelled.samples ? this.labelled.correct / this.labelled.samples : null;
  }

  /** `{ group: { "1": n, "2": n, … } }`, counts ascending, for the JSON summary. */
  toJSON(): Record<string, Record<string, number>> {
    return Object.fromEntries(
      [...this.distribution].map(([group, counts]) => [group, Object.fromEntries([...counts].sort((a, b) => a[0] - b[0]).map(([k, n]) => [String(k), n]))]),
    );
  }
}
