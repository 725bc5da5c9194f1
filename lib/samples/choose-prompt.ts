import type { Charset } from "../ctc/charset";

export type PromptKind = "word" | "phrase" | "note";

export interface Prompt {
  readonly text: string;
  /** A word, a one-line phrase, or a note of two or three lines ("\n" between them). */
  readonly kind: PromptKind;
  /** The prompt's characters that the dataset has fewest samples of (rarest first, at most 3). */
  readonly focus: readonly string[];
}

export interface ChoosePromptInput {
  readonly words: readonly string[];
  readonly phrases: readonly string[];
  /** Notes of several lines (optional: without them only words and phrases are offered). */
  readonly notes?: readonly string[];
  /** Occurrences of each character in the stored labels (see labelCharacterCounts). */
  readonly counts: ReadonlyMap<string, number>;
  /** Only prompts the model can write are offered. */
  readonly charset: Charset;
  /** Uniform in [0, 1); injectable for tests. */
  readonly random?: () => number;
  /** Share of prompts that are phrases rather than single words. */
  readonly phraseShare?: number;
  /** Share of prompts that are notes (of the rest, `phraseShare` are phrases). */
  readonly noteShare?: number;
  /** Only this kind (the writer asked for a note), when any of it fits. */
  readonly kind?: PromptKind;
  /** Not offered again (e.g. the prompt the writer just skipped). */
  readonly avoid?: string;
}

/** Words looked at per draw: enough for a good choice, few enough to stay fast with big lists. */
const WORD_CANDIDATES = 400;
/** The final pick is random among this many best candidates, so writers do not all get the same text. */
const SHORTLIST = 12;

/** How much a character is wanted: 1 for one never written, falling as samples of it pile up. */
function need(c: string, counts: ReadonlyMap<string, number>): number {
  return 1 / Math.sqrt(1 + (counts.get(c) ?? 0));
}

function distinctChars(text: string): string[] {
  return [...new Set(Array.from(text))].filter((c) => c !== " " && c !== "\n");
}

/** Sum of the three largest needs: a text is worth as much as the rare characters it brings. */
function score(text: string, counts: ReadonlyMap<string, number>): number {
  return distinctChars(text)
    .map((c) => need(c, counts))
    .sort((a, b) => b - a)
    .slice(0, 3)
    .reduce((sum, n) => sum + n, 0);
}

function caseVariants(word: string): string[] {
  const capitalized = word[0].toUpperCase() + word.slice(1);
  return word.length <= 6 ? [word, capitalized, word.toUpperCase()] : [word, capitalized];
}

/**
 * Picks the next text to write: a word (in lower, Capitalized or UPPER case), a short phrase or
 * (`noteShare` of the time, or always when `kind` is "note") a note of two or three lines,
 * preferring texts with characters the dataset lacks, with enough randomness that writers
 * see a variety. Pure; throws only when no candidate fits the charset at all.
 */
export function choosePrompt(input: ChoosePromptInput): Prompt {
  const random = input.random ?? Math.random;
  const known = new Set(input.charset.chars.filter((_, i) => i !== input.charset.blank));
  const fits = (text: string) => text !== input.avoid && Array.from(text).every((c) => known.has(c));

  const fitsLines = (text: string) => text.split("\n").every(fits) && text !== input.avoid;
  const notes = (input.notes ?? []).filter(fitsLines);
  let kind: Prompt["kind"];
  let candidates: string[];
  if (notes.length > 0 && (input.kind === "note" || (input.kind === undefined && random() < (input.noteShare ?? 0)))) {
    kind = "note";
    candidates = notes;
  } else {
    const wantPhrase = input.kind === "phrase" || (input.kind !== "word" && input.phrases.length > 0 && (input.words.length === 0 || random() < (input.phraseShare ?? 0.4)));
    kind = wantPhrase ? "phrase" : "word";
    candidates = wantPhrase ? input.phrases.filter(fits) : sampleWords(input.words, random).flatMap(caseVariants).filter(fits);
    if (candidates.length === 0) {
      // The other kind may still fit (e.g. a digits-only charset has no words).
      kind = wantPhrase ? "word" : "phrase";
      candidates = wantPhrase ? input.words.flatMap(caseVariants).filter(fits) : input.phrases.filter(fits);
    }
  }
  if (candidates.length === 0) throw new Error("choosePrompt: no prompt fits the charset");

  const ranked = candidates
    .map((text) => ({ text, score: score(text, input.counts) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, SHORTLIST);
  // Weighted by score, so the best is likeliest but not certain.
  const total = ranked.reduce((sum, c) => sum + c.score, 0);
  let pick = ranked[0];
  if (total > 0) {
    let r = random() * total;
    for (const candidate of ranked) {
      r -= candidate.score;
      if (r < 0) {
        pick = candidate;
        break;
      }
    }
  } else pick = ranked[Math.floor(random() * ranked.length)];

  const focus = distinctChars(pick.text)
    .sort((a, b) => (input.counts.get(a) ?? 0) - (input.counts.get(b) ?? 0))
    .slice(0, 3);
  return { text: pick.text, kind, focus };
}

function sampleWords(words: readonly string[], random: () => number): string[] {
  if (words.length <= WORD_CANDIDATES) return [...words];
  const picked: string[] = [];
  for (let i = 0; i < WORD_CANDIDATES; i++) picked.push(words[Math.floor(random() * words.length)]);
  return picked;
}
