/**
 * The recognizer's output alphabet. Saved next to the weights (charset.json / model config),
 * so training and inference always agree on which class is which. Index 0 is the CTC blank.
 */
export interface CharsetSpec {
  /** chars[i] is the text of class i; chars[blank] is "". */
  chars: string[];
  blank: number;
}

/** Printable ASCII (space through tilde): every character in the UNIPEN labels, plus room for ` and ~. */
export const DEFAULT_CHARS = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

export function defaultCharset(): CharsetSpec {
  return { chars: ["", ...DEFAULT_CHARS], blank: 0 };
}

/** Maps text to class indices; returns null with the offending characters when some are not in the charset. */
export function encodeText(charset: CharsetSpec, text: string): { labels: number[]; unknown: string[] } {
  const index = new Map<string, number>();
  charset.chars.forEach((c, i) => i !== charset.blank && index.set(c, i));
  const labels: number[] = [];
  const unknown: string[] = [];
  for (const ch of text) {
    const i = index.get(ch);
    if (i === undefined) unknown.push(ch);
    else labels.push(i);
  }
  return { labels, unknown };
}
