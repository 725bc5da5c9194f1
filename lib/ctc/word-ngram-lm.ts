import { charIndex, type Charset } from "./charset";
import { BackoffTrie, TrieBytesReader, TrieBytesWriter, type BackoffTrieArrays } from "./backoff-trie";
import { decodeBase64, encodeBase64 } from "./base64";
import { CtcError } from "./ctc-error";

export const WORD_NGRAM_LM_FORMAT = "inkwell-word-ngram-lm/1";
/** The unknown-word class: every token outside the vocabulary. Spelled by the character LM. */
export const UNKNOWN_WORD = "<unk>";
/** The line-start context (never predicted). */
export const LINE_START = "<s>";

/** The serialised model: provenance, the vocabulary and the n-gram trie as base64 bytes. */
export interface WordNgramLMJson {
  format: typeof WORD_NGRAM_LM_FORMAT;
  order: number;
  /** Free-form provenance: corpus, licence, smoothing, pruning, how it was built. */
  source: Record<string, string | number>;
  /** Tokens joined by "\n" (tokens never hold whitespace); ids follow this order, then <unk>, then <s>. */
  vocabulary: string;
  nodeCount: number;
  /**
   * Breadth-first trie: per node (root first, children by ascending word id) a varint child count,
   * then for each non-root node a varint gap to the previous sibling's word id (first child: the id
   * + 1), int16 logProb·1000, int16 backoff·1000.
   */
  trie: string;
}

/** The trie as arrays (BackoffTrieArrays, node 0 = the empty history) with the vocabulary: word ids 0..V−1, V is <unk>, V+1 is <s>. */
export interface WordNgramTrie extends BackoffTrieArrays {
  vocabulary: string[];
}

/** The word LM's tokens spelled in a charset's class labels: a deterministic automaton the beam search steps through. */
export interface WordSpellingTrie {
  /** Node after `label` from `node` (root 0), or −1 when no vocabulary token is spelled so. */
  next(node: number, label: number): number;
  /** The word id spelled by the path to `node`, or −1 (a prefix only, or a token outside the vocabulary). */
  wordAt(node: number): number;
}

const SCALE = 1000;

/**
 * A word n-gram language model in backoff form over the tokens people write: words with their
 * case and attached punctuation ("The", "world.", "(see"), split at spaces. Every token outside
 * the vocabulary is the one class <unk>, whose probability is the share of rare tokens in the
 * training text; the decoder spells such a token with the character LM (prefix-beam-search.ts).
 * So P(w | h) over the vocabulary plus <unk> sums to one in every history.
 *
 * States are trie nodes (the longest kept history; lib/ctc/backoff-trie.ts, shared with
 * CharNgramLM), so scoring a word costs a few binary searches and no strings. The initial state is the start of a line: lines of writing
 * rather than sentences, because a handwritten line starts wherever the previous one wrapped.
 */
export class WordNgramLM {
  readonly order: number;
  readonly vocabulary: readonly string[];
  /** Word id of <unk>: the vocabulary size. */
  readonly unknownWord: number;
  private readonly trie: BackoffTrie;
  private readonly ids: Map<string, number>;
  private readonly startState: number;
  private readonly spellings = new Map<string, WordSpellingTrie>();

  constructor(trie: WordNgramTrie) {
    if (!(trie.order >= 1 && trie.order <= 8)) throw new CtcError(`WordNgramLM: order ${trie.order} is outside [1, 8]`);
    this.trie = new BackoffTrie(trie, "WordNgramLM");
    this.order = trie.order;
    this.vocabulary = trie.vocabulary;
    this.unknownWord = trie.vocabulary.length;
    this.ids = new Map(trie.vocabulary.map((w, i) => [w, i]));
    // Every predictable word (the vocabulary and <unk>) needs a unigram, so backing off always ends at the root.
    for (let w = 0; w <= this.unknownWord; w++) if (this.trie.child(0, w) < 0) throw new CtcError(`WordNgramLM: no unigram for word id ${w}`);
    const s = this.trie.child(0, this.unknownWord + 1);
    this.startState = s < 0 ? 0 : s;
  }

  /** The state at the start of a line. */
  initialState(): number {
    return this.startState;
  }

  /** The id of a token, or the unknown word's id when the vocabulary lacks it. */
  wordId(token: string): number {
    return this.ids.get(token) ?? this.unknownWord;
  }

  /** Natural-log P(word | state); a word id outside [0, V] is scored as <unk>. */
  logProb(state: number, word: number): number {
    return this.trie.logProb(state, word >= 0 && word <= this.unknownWord ? word : this.unknownWord, -Infinity);
  }

  /** The state after `word` follows `state`. */
  nextState(state: number, word: number): number {
    return this.trie.nextState(state, word >= 0 && word <= this.unknownWord ? word : this.unknownWord);
  }

  /** Natural-log probability of a line's tokens (split at spaces), from the line start; no end term. */
  scoreTokens(text: string): number {
    let state = this.startState;
    let total = 0;
    for (const token of text.split(" ")) {
      if (!token) continue;
      const w = this.wordId(token);
      total += this.logProb(state, w);
      state = this.nextState(state, w);
    }
    return total;
  }

  get nodeCount(): number {
    return this.trie.nodeCount;
  }

  /**
   * The vocabulary spelled in `charset`'s labels (built once per charset and kept). Tokens with a
   * character the charset lacks are left out: the decoder can never write them anyway.
   */
  spellingTrie(charset: Charset): WordSpellingTrie {
    const key = charset.chars.join("\u0000");
    let trie = this.spellings.get(key);
    if (!trie) {
      trie = buildSpellingTrie(charset, this.vocabulary);
      this.spellings.set(key, trie);
    }
    return trie;
  }

  toJSON(source: Record<string, string | number> = {}): WordNgramLMJson {
    const { sym, lp, bow, first, nodeCount: n } = this.trie;
    const out = new TrieBytesWriter(SCALE);
    // Nodes in id order (breadth-first): each non-root node's fields, then its child count.
    const runStart = new Int32Array(n);
    for (let node = 0; node < n; node++) for (let c = first[node]; c < first[node + 1]; c++) runStart[c] = first[node];
    for (let node = 0; node < n; node++) {
      if (node > 0) {
        out.varint(node === runStart[node] ? sym[node] + 1 : sym[node] - sym[node - 1]);
        out.int16(lp[node]);
        out.int16(bow[node]);
      }
      out.varint(first[node + 1] - first[node]);
    }
    return {
      format: WORD_NGRAM_LM_FORMAT,
      order: this.order,
      source,
      vocabulary: this.vocabulary.join("\n"),
      nodeCount: n,
      trie: encodeBase64(Uint8Array.from(out.bytes)),
    };
  }

  static fromJSON(json: WordNgramLMJson): WordNgramLM {
    if (!json || json.format !== WORD_NGRAM_LM_FORMAT) throw new CtcError(`WordNgramLM.fromJSON: expected format "${WORD_NGRAM_LM_FORMAT}", got ${JSON.stringify(json?.format)}`);
    if (typeof json.vocabulary !== "string") throw new CtcError("WordNgramLM.fromJSON: vocabulary must be a string of tokens joined by newlines");
    const vocabulary = json.vocabulary.length ? json.vocabulary.split("\n") : [];
    const symbols = vocabulary.length + 2;
    const bytes = new TrieBytesReader(decodeBase64(json.trie, "WordNgramLM.fromJSON"), SCALE, "WordNgramLM.fromJSON");
    const n = json.nodeCount;
    if (!Number.isInteger(n) || n < 1) throw new CtcError(`WordNgramLM.fromJSON: bad nodeCount ${n}`);
    const symbol = new Int32Array(n).fill(-1);
    const logProb = new Float32Array(n);
    const backoff = new Float32Array(n);
    const firstChild = new Int32Array(n + 1);
    let next = 1;
    const runStart = new Int32Array(n); // per node: the first node of its sibling run
    for (let node = 0; node < n; node++) {
      if (node > 0) {
        const gap = bytes.varint();
        symbol[node] = node === runStart[node] ? gap - 1 : symbol[node - 1] + gap;
        if (symbol[node] < 0 || symbol[node] >= symbols || (node !== runStart[node] && gap < 1)) throw new CtcError("WordNgramLM.fromJSON: word id out of range or children out of order");
        logProb[node] = bytes.int16();
        backoff[node] = bytes.int16();
      }
      const count = bytes.varint();
      firstChild[node] = next;
      if (next + count > n) throw new CtcError("WordNgramLM.fromJSON: trie has more children than nodes");
      for (let c = next; c < next + count; c++) runStart[c] = next;
      next += count;
    }
    firstChild[n] = next;
    if (next !== n || !bytes.done) throw new CtcError("WordNgramLM.fromJSON: trie data does not match nodeCount");
    return new WordNgramLM({ order: json.order, vocabulary, symbol, logProb, backoff, firstChild });
  }
}

function buildSpellingTrie(charset: Charset, vocabulary: readonly string[]): WordSpellingTrie {
  const C = charset.chars.length;
  const index = charIndex(charset);
  const children = new Map<number, number>(); // node * C + label → child
  const word: number[] = [-1];
  vocabulary.forEach((token, id) => {
    const labels: number[] = [];
    for (const ch of token) {
      const k = index.get(ch);
      if (k === undefined || k === charset.blank) return;
      labels.push(k);
    }
    let node = 0;
    for (const k of labels) {
      const key = node * C + k;
      let child = children.get(key);
      if (child === undefined) {
        child = word.length;
        word.push(-1);
        children.set(key, child);
      }
      node = child;
    }
    word[node] = id;
  });
  const wordAt = Int32Array.from(word);
  return {
    next: (node, label) => (node < 0 ? -1 : (children.get(node * C + label) ?? -1)),
    wordAt: (node) => (node <= 0 ? -1 : wordAt[node]),
  };
}
