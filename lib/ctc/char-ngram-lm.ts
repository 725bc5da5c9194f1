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

/** The trie as arrays, node 0 = root (the empty context); node children are contiguous and sorted by symbol. */
export interface CharNgramTrie {
  order: number;
  symbols: string[];
  unknownLogProb: number;
  /** Per node: the symbol on the edge from its parent (−1 for the root). */
  symbol: Int32Array;
  /** Per node: log P(symbol | parent context). */
  logProb: Float32Array;
  /** Per node as a context: log backoff weight applied when a symbol is not among its children. */
  backoff: Float32Array;
  /** Per node: index of its first child; children of n are firstChild[n] .. firstChild[n+1]−1. */
  firstChild: Int32Array;
}

const SCALE = 1000;

/**
 * A character n-gram model in backoff form (ARPA style): a node per kept n-gram, its conditional
 * log-probability, and a backoff weight per context. States are trie nodes, so the beam search
 * scores an extension with a few array look-ups and no strings.
 */
export class CharNgramLM implements CharLanguageModel {
  readonly order: number;
  readonly symbols: readonly string[];
  readonly endSymbol: number;
  private readonly startSymbol: number;
  private readonly unknownLogProb: number;
  private readonly sym: Int32Array;
  private readonly lp: Float32Array;
  private readonly bow: Float32Array;
  private readonly first: Int32Array;
  private readonly depth: Uint8Array;
  /** Node for the same n-gram without its first symbol (the next shorter context). */
  private readonly suffix: Int32Array;
  private readonly symbolIds: Map<string, number>;
  private readonly startState: number;

  constructor(trie: CharNgramTrie) {
    const n = trie.symbol.length;
    if (!(trie.order >= 1 && trie.order <= 16)) throw new CtcError(`CharNgramLM: order ${trie.order} is outside [1, 16]`);
    if (trie.firstChild.length !== n + 1 || trie.logProb.length !== n || trie.backoff.length !== n) {
      throw new CtcError("CharNgramLM: trie arrays have inconsistent lengths");
    }
    this.order = trie.order;
    this.symbols = trie.symbols;
    this.symbolIds = new Map(trie.symbols.map((s, i) => [s, i]));
    const end = this.symbolIds.get(SENTENCE_END);
    const start = this.symbolIds.get(SENTENCE_START);
    if (end === undefined || start === undefined) throw new CtcError("CharNgramLM: the symbols lack <s> or </s>");
    this.endSymbol = end;
    this.startSymbol = start;
    this.unknownLogProb = trie.unknownLogProb;
    this.sym = trie.symbol;
    this.lp = trie.logProb;
    this.bow = trie.backoff;
    this.first = trie.firstChild;
    this.depth = new Uint8Array(n);
    this.suffix = new Int32Array(n);
    // Breadth-first order means a node's parent and its parent's suffix come before it.
    for (let node = 0; node < n; node++) {
      for (let c = this.first[node]; c < this.first[node + 1]; c++) {
        if (c <= node) throw new CtcError("CharNgramLM: trie is not in breadth-first order");
        this.depth[c] = this.depth[node] + 1;
        if (node === 0) this.suffix[c] = 0;
        else {
          const s = this.child(this.suffix[node], this.sym[c]);
          if (s < 0) throw new CtcError("CharNgramLM: trie lacks the suffix of a kept n-gram");
          this.suffix[c] = s;
        }
      }
    }
    const s = this.child(0, start);
    this.startState = s < 0 ? 0 : s;
  }

  /** Child of `node` along `symbol`, or −1 (binary search over the sorted children). */
  private child(node: number, symbol: number): number {
    let lo = this.first[node];
    let hi = this.first[node + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.sym[mid];
      if (s === symbol) return mid;
      if (s < symbol) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  initialState(): number {
    return this.startState;
  }

  symbolOf(char: string): number {
    const id = this.symbolIds.get(char);
    return id === undefined || id === this.startSymbol ? -1 : id;
  }

  logProb(state: number, symbol: number): number {
    if (symbol < 0) return this.unknownLogProb;
    let node = state;
    let acc = 0;
    for (;;) {
      const c = this.child(node, symbol);
      if (c >= 0) return acc + this.lp[c];
      if (node === 0) return acc + this.unknownLogProb;
      acc += this.bow[node];
      node = this.suffix[node];
    }
  }

  nextState(state: number, symbol: number): number {
    if (symbol < 0) return 0;
    let node = state;
    for (;;) {
      const c = this.child(node, symbol);
      if (c >= 0) return this.depth[c] < this.order ? c : this.suffix[c];
      if (node === 0) return 0;
      node = this.suffix[node];
    }
  }

  /** Natural-log probability of a whole text, sentence end included. */
  scoreText(text: string): number {
    return scoreText(this, text);
  }

  get nodeCount(): number {
    return this.sym.length;
  }

  toJSON(source: Record<string, string | number> = {}): CharNgramLMJson {
    const n = this.sym.length;
    const bytes: number[] = [];
    const varint = (v: number) => {
      while (v >= 0x80) {
        bytes.push((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      bytes.push(v);
    };
    const int16 = (v: number) => {
      const q = Math.max(-32767, Math.min(32767, Math.round(v * SCALE)));
      bytes.push(q & 0xff, (q >> 8) & 0xff);
    };
    for (let node = 0; node < n; node++) {
      if (node > 0) {
        bytes.push(this.sym[node]);
        int16(this.lp[node]);
        int16(this.bow[node]);
      }
      varint(this.first[node + 1] - this.first[node]);
    }
    return {
      format: CHAR_NGRAM_LM_FORMAT,
      order: this.order,
      source,
      symbols: [...this.symbols],
      unknownLogProb: this.unknownLogProb,
      nodeCount: n,
      trie: encodeBase64(Uint8Array.from(bytes)),
    };
  }

  static fromJSON(json: CharNgramLMJson): CharNgramLM {
    if (!json || json.format !== CHAR_NGRAM_LM_FORMAT) {
      throw new CtcError(`CharNgramLM.fromJSON: expected format "${CHAR_NGRAM_LM_FORMAT}", got ${JSON.stringify(json?.format)}`);
    }
    if (!Array.isArray(json.symbols) || json.symbols.length > 256) throw new CtcError("CharNgramLM.fromJSON: symbols must be an array of at most 256 strings");
    const bytes = decodeBase64(json.trie, "CharNgramLM.fromJSON");
    const n = json.nodeCount;
    if (!Number.isInteger(n) || n < 1) throw new CtcError(`CharNgramLM.fromJSON: bad nodeCount ${n}`);
    const symbol = new Int32Array(n).fill(-1);
    const logProb = new Float32Array(n);
    const backoff = new Float32Array(n);
    const firstChild = new Int32Array(n + 1);
    let pos = 0;
    const need = (k: number) => {
      if (pos + k > bytes.length) throw new CtcError("CharNgramLM.fromJSON: trie data is truncated");
    };
    const int16 = () => {
      need(2);
      const v = bytes[pos] | (bytes[pos + 1] << 8);
      pos += 2;
      return (v >= 0x8000 ? v - 0x10000 : v) / SCALE;
    };
    let next = 1; // next unassigned node id, in breadth-first order
    for (let node = 0; node < n; node++) {
      if (node > 0) {
        need(1);
        symbol[node] = bytes[pos++];
        if (symbol[node] >= json.symbols.length) throw new CtcError("CharNgramLM.fromJSON: symbol id out of range");
        logProb[node] = int16();
        backoff[node] = int16();
      }
      let count = 0;
      for (let shift = 0; ; shift += 7) {
        need(1);
        const b = bytes[pos++];
        count |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
      firstChild[node] = next;
      next += count;
      if (next > n) throw new CtcError("CharNgramLM.fromJSON: trie has more children than nodes");
    }
    firstChild[n] = next;
    if (next !== n || pos !== bytes.length) throw new CtcError("CharNgramLM.fromJSON: trie data does not match nodeCount");
    return new CharNgramLM({ order: json.order, symbols: json.symbols, unknownLogProb: json.unknownLogProb, symbol, logProb, backoff, firstChild });
  }
}
