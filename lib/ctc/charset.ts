import { CtcError } from "./ctc-error";

/**
 * The output classes of the recognizer: class index i stands for chars[i]; chars[blank] is ''.
 * Every other entry is a single code point, and no two entries are equal, so text and label
 * sequences map one-to-one.
 */
export interface Charset {
  chars: readonly string[];
  blank: number;
}

/** Builds a charset from the symbols (one code point each) with the blank inserted at `blank` (0 by default). */
export function makeCharset(symbols: string | readonly string[], blank = 0): Charset {
  const list = typeof symbols === "string" ? Array.from(symbols) : [...symbols];
  if (!Number.isInteger(blank) || blank < 0 || blank > list.length) {
    throw new CtcError(`makeCharset: blank index ${blank} is outside [0, ${list.length}]`);
  }
  const chars = [...list.slice(0, blank), "", ...list.slice(blank)];
  checkCharset({ chars, blank });
  return { chars, blank };
}

/** Throws a CtcError unless the charset is well formed (see Charset). */
export function checkCharset(charset: Charset): void {
  const { chars, blank } = charset;
  if (!Number.isInteger(blank) || blank < 0 || blank >= chars.length) {
    throw new CtcError(`charset: blank index ${blank} is outside [0, ${chars.length})`);
  }
  if (chars[blank] !== "") throw new CtcError(`charset: chars[blank] must be '', got ${JSON.stringify(chars[blank])}`);
  const seen = new Set<string>();
  chars.forEach((c, i) => {
    if (i === blank) return;
    if (Array.from(c).length !== 1) throw new CtcError(`charset: class ${i} is ${JSON.stringify(c)}, not a single character`);
    if (seen.has(c)) throw new CtcError(`charset: ${JSON.stringify(c)} appears twice`);
    seen.add(c);
  });
}

const indexCache = new WeakMap<Charset, Map<string, number>>();

/** char → class index, cached per charset object. */
export function charIndex(charset: Charset): Map<string, number> {
  let map = indexCache.get(charset);
  if (!map) {
    map = new Map();
    charset.chars.forEach((c, i) => {
      if (i !== charset.blank) map!.set(c, i);
    });
    indexCache.set(charset, map);
  }
  return map;
}

/** The distinct characters of `text` that the charset cannot represent, in order of first appearance. */
export function unknownChars(charset: Charset, text: string): string[] {
  const index = charIndex(charset);
  const out = new Set<string>();
  for (const c of text) if (!index.has(c)) out.add(c);
  return [...out];
}

/** Text → class indices. Throws a CtcError naming every character outside the charset. */
export function encode(charset: Charset, text: string): number[] {
  const index = charIndex(charset);
  const labels: number[] = [];
  for (const c of text) {
    const i = index.get(c);
    if (i === undefined) {
      const bad = unknownChars(charset, text).map((u) => JSON.stringify(u)).join(", ");
      throw new CtcError(`encode: ${JSON.stringify(text)} has characters outside the charset: ${bad}`);
    }
    labels.push(i);
  }
  return labels;
}

/** Class indices → text. Blanks are dropped (a decoded label sequence has none); out-of-range indices throw. */
export function decode(charset: Charset, labels: ArrayLike<number>): string {
  let text = "";
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (!Number.isInteger(l) || l < 0 || l >= charset.chars.length) {
      throw new CtcError(`decode: label ${i} is ${l}, outside [0, ${charset.chars.length})`);
    }
    text += charset.chars[l];
  }
  return text;
}
