/**
 * The Brown Corpus (form C, tagged: `word/tag` tokens, one sentence per line) turned back into
 * text as people write it, and wrapped into lines as a hand would write it on a page: the
 * training text of the word LM (scripts/build-lm.ts). Pure: callers read the files.
 */

// Punctuation that sticks to the token before it, and to the token after it.
const ATTACH_LEFT = new Set([",", ".", ";", ":", "?", "!", ")", "]", "}", "''", "'"]);
const ATTACH_RIGHT = new Set(["(", "[", "{", "``", "`"]);
const QUOTES: Record<string, string> = { "``": '"', "''": '"', "`": "'" };

/** The word of a `word/tag` token (the tag follows the last slash; a token without one is its own word). */
function wordOf(token: string): string {
  const slash = token.lastIndexOf("/");
  return slash > 0 ? token.slice(0, slash) : token;
}

/**
 * One sentence of tagged tokens as written text: punctuation attached (`word ,` → `word,`,
 * `( word` → `(word`), the corpus's quote pairs `` ` ` `` … `''` turned into `"`, case kept.
 * Apostrophes inside words ("don't", "Atlanta's") are already part of the corpus's tokens.
 */
export function detokeniseBrownSentence(tagged: string): string {
  let out = "";
  let glueNext = true; // nothing before the first word
  for (const token of tagged.trim().split(/\s+/)) {
    if (!token) continue;
    const word = wordOf(token);
    const text = QUOTES[word] ?? word;
    if (ATTACH_LEFT.has(word) && out.length > 0) out += text;
    else out += (glueNext ? "" : " ") + text;
    glueNext = ATTACH_RIGHT.has(word);
  }
  return out;
}

/** Every sentence of one corpus file (non-empty lines), as written text. */
export function brownFileSentences(fileText: string): string[] {
  return fileText
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0)
    .map(detokeniseBrownSentence)
    .filter((s) => s.length > 0);
}

export interface WrapOptions {
  /** Each line's width, in characters, is drawn uniformly from [minWidth, maxWidth]. */
  minWidth: number;
  maxWidth: number;
  /** Chance that a sentence starts a new line (a new paragraph or note) rather than run on. */
  newLineAtSentence: number;
}

/**
 * Wraps running sentences into lines at word boundaries, as a writer fills lines of a page: a
 * line holds whole tokens up to its width (at least one token). Handwritten lines start wherever
 * the previous line wrapped, so the word LM's line-start context learns from both sentence starts
 * and mid-sentence starts.
 */
export function wrapIntoLines(sentences: readonly string[], rand: () => number, options: WrapOptions): string[] {
  const { minWidth, maxWidth, newLineAtSentence } = options;
  const lines: string[] = [];
  let line = "";
  let width = 0;
  const newWidth = () => minWidth + Math.floor(rand() * (maxWidth - minWidth + 1));
  width = newWidth();
  const flush = () => {
    if (line) lines.push(line);
    line = "";
    width = newWidth();
  };
  for (const sentence of sentences) {
    if (rand() < newLineAtSentence) flush();
    for (const token of sentence.split(" ")) {
      if (!token) continue;
      if (line && line.length + 1 + token.length > width) flush();
      line = line ? `${line} ${token}` : token;
    }
  }
  flush();
  return lines;
}
