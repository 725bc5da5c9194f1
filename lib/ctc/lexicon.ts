import { charIndex, checkCharset, type Charset } from "./charset";
import type { LexiconConstraint } from "./lexicon-constraint";

// Token states below IN_WORD; an in-word state packs (trie node + 1, case mode, trailing flag).
const WORD_START = 0; // start of text or just after a space
const LEADING_PUNCT = 1; // only punctuation so far in this token
const FREE = 2; // the token has a digit before any letter: unconstrained until the next space
const IN_WORD = 3;

// Case modes: a word may be written lower case, Capitalised, or in CAPITALS.
const LOWER = 0;
const FIRST_UPPER = 1; // one capital so far: Capitalised or CAPITALS still open
const CAPITALISED = 2;
const ALL_CAPS = 3;

type Kind = 0 | 1 | 2 | 3 | 4 | 5; // other (punctuation), space, digit, lower letter, upper letter, joiner
const PUNCT = 0;
const SPACE = 1;
const DIGIT = 2;
const LOWER_LETTER = 3;
const UPPER_LETTER = 4;
const JOINER = 5; // punctuation that may join two words into one token: "third-quarter", "and/or"

/** Characters that join two lexicon words without a space. */
const JOINERS = new Set(["-", "/"]);

/**
 * A word list as shipped (lib/ctc/assets/words-en.json): JSON so that the Write page's worker
 * can import it as a chunk, as it does the two language models.
 */
export interface WordListJson {
  /** Where the words come from and their licences, line by line. */
  about: string[];
  words: string[];
}

export interface LexiconOptions {
  /** Allow Capitalised and CAPITALS spellings of every word (default true); words are stored lower case. */
  caseVariants?: boolean;
}

/**
 * Lexicon-constrained decoding over a charset, as an automaton the beam search steps through.
 *
 * Text is split into tokens at spaces. A token whose first non-punctuation character is a digit
 * (a number, "3rd", "10:30") or that has no letters at all ("—", "...") is free. Otherwise it is
 * optional leading punctuation, then a lexicon word (letters, and any apostrophes or hyphens
 * the word itself has), then optional trailing punctuation: `"hello,"`, `(don't)`. A hyphen or a
 * slash after a complete word may start another word in the same token, each spelled from the
 * lexicon on its own: `third-quarter`, `Toronto-based`, `and/or`. (Without that, such a compound
 * could only be read by leaving the lexicon, which costs a soft constraint its penalty, or by
 * writing a space after the hyphen that the ink does not have: "third- quarter".) A space or the
 * end of the text may only follow a complete word. Words are matched case-insensitively in the
 * shapes word, Word and WORD.
 */
export class Lexicon implements LexiconConstraint {
  readonly wordCount: number;
  /** Words dropped because the charset cannot write them or they do not start with a letter. */
  readonly skippedWords: string[];
  /** node * C + folded label → child. Shared, never changed, by the copies withWords makes. */
  private readonly children: Map<number, number>;
  /** The edges withWords added on top of `children` (null in a lexicon built from a word list). */
  private readonly added: Map<number, number> | null;
  private readonly terminal: Uint8Array;
  private readonly kind: Uint8Array;
  private readonly fold: Int32Array;
  private readonly C: number;
  private readonly caseVariants: boolean;
  private readonly index: Map<string, number>;

  private readonly charset: Charset;

  /**
   * Builds the trie of `words` over `charset`, or (withWords) adds them to `base`'s trie, sharing
   * its charset tables and case option (`charset` and `options` are then `base`'s own).
   */
  private constructor(charset: Charset, words: Iterable<string>, options: LexiconOptions, base?: Lexicon) {
    this.charset = charset;
    if (base) {
      this.C = base.C;
      this.caseVariants = base.caseVariants;
      this.index = base.index;
      this.kind = base.kind;
      this.fold = base.fold;
    } else {
      checkCharset(charset);
      this.C = charset.chars.length;
      this.caseVariants = options.caseVariants ?? true;
      this.index = charIndex(charset);
      this.kind = new Uint8Array(this.C);
      this.fold = new Int32Array(this.C);
      charset.chars.forEach((ch, k) => {
        const lower = ch.toLowerCase();
        this.fold[k] = this.caseVariants && lower !== ch && this.index.has(lower) ? this.index.get(lower)! : k;
        this.kind[k] = classify(ch);
      });
    }
    const C = this.C;
    const index = this.index;
    this.children = base ? base.children : new Map();
    this.added = base ? new Map(base.added ?? []) : null;
    // Node 0 is the root. New nodes are numbered after the base's; which nodes end a word is
    // collected first and laid over a copy of the base's flags at the end.
    let nodes = base ? base.terminal.length : 1;
    const ends: number[] = [];
    const skipped: string[] = [];
    for (const raw of words) {
      const word = this.caseVariants ? raw.toLowerCase() : raw;
      if (word.length === 0) continue;
      const labels: number[] = [];
      for (const ch of word) {
        const k = index.get(ch);
        if (k === undefined) break;
        labels.push(this.fold[k]);
      }
      if (labels.length !== Array.from(word).length || (this.kind[labels[0]] !== LOWER_LETTER && this.kind[labels[0]] !== UPPER_LETTER)) {
        skipped.push(raw);
        continue;
      }
      let node = 0;
      for (const k of labels) {
        const key = node * C + k;
        let child = this.child(key);
        if (child === undefined) {
          child = nodes++;
          (this.added ?? this.children).set(key, child);
        }
        node = child;
      }
      ends.push(node);
    }
    const terminal = new Uint8Array(nodes);
    let count = 0;
    if (base) {
      terminal.set(base.terminal);
      count = base.wordCount;
    }
    for (const node of ends) {
      if (!terminal[node]) count++;
      terminal[node] = 1;
    }
    this.terminal = terminal;
    this.wordCount = count;
    this.skippedWords = base ? [...base.skippedWords, ...skipped] : skipped;
  }

  /** A lexicon from words (any casing; duplicates are fine). */
  static fromWords(charset: Charset, words: Iterable<string>, options: LexiconOptions = {}): Lexicon {
    return new Lexicon(charset, words, options);
  }

  /** A lexicon from a shipped word list (lib/ctc/assets/words-en.json: its licence in `about`, then the words). */
  static fromJSON(charset: Charset, json: WordListJson, options: LexiconOptions = {}): Lexicon {
    if (!json || !Array.isArray(json.words) || !json.words.every((w) => typeof w === "string")) throw new Error("a word list needs a \"words\" array of strings");
    return new Lexicon(charset, json.words, options);
  }

  /** A lexicon from a word-list file: one word per line, blank lines and lines starting with '#' ignored. */
  static fromText(charset: Charset, text: string, options: LexiconOptions = {}): Lexicon {
    const words = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith("#"));
    return new Lexicon(charset, words, options);
  }

  /**
   * This lexicon with more words (a writer's own: names, places, words in other languages), as a
   * new Lexicon; this one is left as it is. The copy shares this one's trie and keeps only the
   * edges the new words add beside it: building the shipped 65k words takes ~160 ms here, and
   * copying their trie ~80 ms, which the page's worker would spend each time an adaptation changes.
   */
  withWords(words: Iterable<string>): Lexicon {
    return new Lexicon(this.charset, words, { caseVariants: this.caseVariants }, this);
  }

  private child(key: number): number | undefined {
    const c = this.children.get(key);
    return c !== undefined || this.added === null ? c : this.added.get(key);
  }

  /** Whether the lexicon has this word (as a whole token, ignoring case when caseVariants). */
  has(word: string): boolean {
    const w = this.caseVariants ? word.toLowerCase() : word;
    let node = 0;
    for (const ch of w) {
      const k = this.index.get(ch);
      const child = k === undefined ? undefined : this.child(node * this.C + this.fold[k]);
      if (child === undefined) return false;
      node = child;
    }
    return node > 0 && this.terminal[node] === 1;
  }

  initialState(): number {
    return WORD_START;
  }

  next(state: number, label: number): number {
    const kind = this.kind[label] as Kind;
    if (state === FREE) return kind === SPACE ? WORD_START : FREE;
    if (state === WORD_START || state === LEADING_PUNCT) {
      if (kind === SPACE) return state === LEADING_PUNCT ? WORD_START : -1;
      if (kind === DIGIT) return FREE;
      if (kind === PUNCT || kind === JOINER) return LEADING_PUNCT;
      const child = this.child(this.fold[label]);
      if (child === undefined) return -1;
      return packWord(child, kind === UPPER_LETTER && this.caseVariants ? FIRST_UPPER : LOWER, 0);
    }
    const packed = state - IN_WORD;
    const trailing = packed & 1;
    const mode = (packed >> 1) & 3;
    const node = (packed >> 3) - 1;
    const complete = trailing === 1 || (node >= 0 && this.terminal[node] === 1);
    if (kind === SPACE) return complete ? WORD_START : -1;
    if (node < 0 && kind !== PUNCT && kind !== JOINER) return -1; // nothing but punctuation may follow trailing punctuation
    const child = node >= 0 ? this.child(node * this.C + this.fold[label]) : undefined;
    if (kind === LOWER_LETTER || kind === UPPER_LETTER) {
      if (child === undefined) return -1;
      const upper = kind === UPPER_LETTER && this.caseVariants;
      let nextMode: number;
      if (mode === FIRST_UPPER) nextMode = upper ? ALL_CAPS : CAPITALISED;
      else if (mode === ALL_CAPS) nextMode = upper ? ALL_CAPS : -1;
      else nextMode = upper ? -1 : mode;
      return nextMode < 0 ? -1 : packWord(child, nextMode, 0);
    }
    if (kind === DIGIT) return child === undefined ? -1 : packWord(child, mode, 0);
    // Punctuation: part of the word (an apostrophe in "don't") and/or trailing punctuation after a complete word.
    if (child === undefined && !complete) return -1;
    // A joiner right after a complete word that no lexicon word continues with: the next word starts.
    if (child === undefined && kind === JOINER && trailing === 0) return LEADING_PUNCT;
    return packWord(child ?? -1, mode, complete ? 1 : 0);
  }

  /**
   * This lexicon as a soft constraint, read word by word: a token that leaves the lexicon (a
   * letter no word continues with, a space or the end after half a word, a case shape it does not
   * allow) becomes free until the next space, and the beam pays `penalty` nats for it, once per
   * token. So a line with one name keeps every other word to the lexicon, where the hard
   * constraint plus a whole-line unconstrained fallback (recognize's oovMargin) must give up the
   * lexicon for all of the line's words at once. Doubled and leading spaces stay forbidden.
   */
  withOovEscape(penalty: number): LexiconConstraint {
    if (!(penalty >= 0) || !Number.isFinite(penalty)) throw new RangeError(`withOovEscape: penalty must be a finite number ≥ 0, got ${penalty}`);
    const soft = (state: number, label: number): number => {
      const hard = this.next(state, label);
      if (hard >= 0) return hard;
      if (this.kind[label] !== SPACE) return FREE;
      return state === WORD_START ? -1 : WORD_START;
    };
    return {
      initialState: () => WORD_START,
      next: soft,
      isAccepting: (state) => state >= 0,
      transitionCost: (state, label) => (this.next(state, label) >= 0 ? 0 : -penalty),
      endCost: (state) => (this.isAccepting(state) ? 0 : -penalty),
    };
  }

  isAccepting(state: number): boolean {
    if (state < IN_WORD) return state >= 0;
    const packed = state - IN_WORD;
    const node = (packed >> 3) - 1;
    return (packed & 1) === 1 || (node >= 0 && this.terminal[node] === 1);
  }
}

function packWord(node: number, mode: number, trailing: number): number {
  return IN_WORD + (((node + 1) << 3) | (mode << 1) | trailing);
}

function classify(ch: string): Kind {
  if (ch === "") return PUNCT; // the blank: never passed to next()
  if (/\s/u.test(ch)) return SPACE;
  if (/\p{N}/u.test(ch)) return DIGIT;
  if (/\p{L}/u.test(ch)) return ch !== ch.toLowerCase() ? UPPER_LETTER : LOWER_LETTER;
  return JOINERS.has(ch) ? JOINER : PUNCT;
}
