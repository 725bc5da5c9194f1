/** Levenshtein distance between two sequences (characters or words), O(n·m) time, O(m) memory. */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);

/**
 * Accumulates corpus-level error rates the way the issue defines them: total edits over total
 * reference units (not an average of per-sample rates), case-sensitive on the exact label.
 */
export class ErrorRates {
  charEdits = 0;
  chars = 0;
  wordEdits = 0;
  words = 0;
  samples = 0;
  exact = 0;

  add(reference: string, hypothesis: string): void {
    this.charEdits += editDistance([...reference], [...hypothesis]);
    this.chars += [...reference].length;
    const rw = words(reference);
    this.wordEdits += editDistance(rw, words(hypothesis));
    this.words += rw.length;
    this.samples++;
    if (reference === hypothesis) this.exact++;
  }

  get cer(): number {
    return this.chars ? this.charEdits / this.chars : 0;
  }
  get wer(): number {
    return this.words ? this.wordEdits / this.words : 0;
  }
  /** Share of samples transcribed exactly (word accuracy on single-word sets). */
  get accuracy(): number {
    return this.samples ? this.exact / this.samples : 0;
  }
}
