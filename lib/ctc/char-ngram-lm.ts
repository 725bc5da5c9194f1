import { BackoffTrie, TrieBytesReader, TrieBytesWriter, type BackoffTrieArrays } from "./backoff-trie";
import { decodeBase64, encodeBase64 } from "./base64";
import { CtcError } from "./ctc-error";
import { type CharLanguageModel, scoreText } from "./language-model";

/** Sentence markers in the symbol list; neither is a character a charset can hold. */
export const SENTENCE_START = "<s>";
export const SENTENCE_END = "</s>";
export const CHAR_NGRAM_LM_FORMAT = "inkwell-char-ngram-lm/1";

/** The serialised model: a header (provenance), the symbol table and the trie as base64 bytes. */
export interface CharNgramLMJson {
  format: typeof CHAR_NGRAM_LM_FORMAT;
  order: number;
  /** Free-form provenance: where the training text came from, its licence, how it was built. */
  source: Record<string, string | number>;
  symbols: string[];
  /** Natural-log probability used for a character the model has no symbol for. */
  unknownLogProb: number;
  nodeCount: number;
  /** Breadth-first trie: per node (root first, children by ascending symbol) varint child count, then for each non-root node symbol byte, int16 logProb·1000, int16 backoff·1000. */
  trie: string;
}

/** The trie as arrays (BackoffTrieArrays, node 0 = the empty context) with the symbol table. */
export interface CharNgramTrie extends BackoffTrieArrays {
  symbols: string[];
  unknownLogProb: number;
}

const SCALE = 1000;

/**
 * A character n-gram model in backoff form (ARPA style, lib/ctc/backoff-trie.ts): a node per kept
 * n-gram, its conditional log-probability, and a backoff weight per context. States are trie
 * nodes, so the beam search scores an extension with a few array look-ups and no strings.
 */
export class CharNgramLM implements CharLanguageModel {
  readonly order: number;
  readonly symbols: readonly string[];
  readonly endSymbol: number;
  private readonly startSymbol: number;
  private readonly unknownLogProb: number;
  private readonly trie: BackoffTrie;
  private readonly symbolIds: Map<string, number>;
  private readonly startState: number;

  constructor(trie: CharNgramTrie) {
    if (!(trie.order >= 1 && trie.order <= 16)) throw new CtcError(`CharNgramLM: order ${trie.order} is outside [1, 16]`);
    this.trie = new BackoffTrie(trie, "CharNgramLM");
    this.order = trie.order;
    this.symbols = trie.symbols;
    this.symbolIds = new Map(trie.symbols.map((s, i) => [s, i]));
    const end = this.symbolIds.get(SENTENCE_END);
    const start = this.symbolIds.get(SENTENCE_START);
    if (end === undefined || start === undefined) throw new CtcError("CharNgramLM: the symbols lack <s> or </s>");
    this.endSymbol = end;
    this.startSymbol = start;
    this.unknownLogProb = trie.unknownLogProb;
    const s = this.trie.child(0, start);
    this.startState = s < 0 ? 0 : s;
  }

  initialState(): number {
    return this.startState;
  }

  symbolOf(char: string): number {
    const id = this.symbolIds.get(char);
    return id === undefined || id === this.startSymbol ? -1 : id;
  }

  logProb(state: number, symbol: number): number {
    return symbol < 0 ? this.unknownLogProb : this.trie.logProb(state, symbol, this.unknownLogProb);
  }

  nextState(state: number, symbol: number): number {
    return symbol < 0 ? 0 : this.trie.nextState(state, symbol);
  }

  /** Natural-log probability of a whole text, sentence end included. */
  scoreText(text: string): number {
    return scoreText(this, text);
  }

  get nodeCount(): number {
    return this.trie.nodeCount;
  }

  toJSON(source: Record<string, string | number> = {}): CharNgramLMJson {
    const { sym, lp, bow, first, nodeCount: n } = this.trie;
    const out = new TrieBytesWriter(SCALE);
    for (let node = 0; node < n; node++) {
      if (node > 0) {
        out.bytes.push(sym[node]);
        out.int16(lp[node]);
        out.int16(bow[node]);
      }
      out.varint(first[node + 1] - first[node]);
    }
    return {
      format: CHAR_NGRAM_LM_FORMAT,
      order: this.order,
      source,
      symbols: [...this.symbols],
      unknownLogProb: this.unknownLogProb,
      nodeCount: n,
      trie: encodeBase64(Uint8Array.from(out.bytes)),
    };
  }

  static fromJSON(json: CharNgramLMJson): CharNgramLM {
    if (!json || json.format !== CHAR_NGRAM_LM_FORMAT) {
      throw new CtcError(`CharNgramLM.fromJSON: expected format "${CHAR_NGRAM_LM_FORMAT}", got ${JSON.stringify(json?.format)}`);
    }
    if (!Array.isArray(json.symbols) || json.symbols.length > 256) throw new CtcError("CharNgramLM.fromJSON: symbols must be an array of at most 256 strings");
    const bytes = new TrieBytesReader(decodeBase64(json.trie, "CharNgramLM.fromJSON"), SCALE, "CharNgramLM.fromJSON");
    const n = json.nodeCount;
    if (!Number.isInteger(n) || n < 1) throw new CtcError(`CharNgramLM.fromJSON: bad nodeCount ${n}`);
    const symbol = new Int32Array(n).fill(-1);
    const logProb = new Float32Array(n);
    const backoff = new Float32Array(n);
    const firstChild = new Int32Array(n + 1);
    let next = 1; // next unassigned node id, in breadth-first order
    for (let node = 0; node < n; node++) {
      if (node > 0) {
        symbol[node] = bytes.byte();
        if (symbol[node] >= json.symbols.length) throw new CtcError("CharNgramLM.fromJSON: symbol id out of range");
        logProb[node] = bytes.int16();
        backoff[node] = bytes.int16();
      }
      const count = bytes.varint();
      firstChild[node] = next;
      next += count;
      if (next > n) throw new CtcError("CharNgramLM.fromJSON: trie has more children than nodes");
    }
    firstChild[n] = next;
    if (next !== n || !bytes.done) throw new CtcError("CharNgramLM.fromJSON: trie data does not match nodeCount");
    return new CharNgramLM({ order: json.order, symbols: json.symbols, unknownLogProb: json.unknownLogProb, symbol, logProb, backoff, firstChild });
  }
}
