import { CtcError } from "./ctc-error";

/**
 * An n-gram model in backoff form (ARPA style) as a breadth-first trie: a node per kept n-gram
 * with its conditional log-probability, and a backoff weight per context. The one home of the
 * query logic both n-gram LMs use (CharNgramLM over characters, WordNgramLM over words): states
 * are nodes (the longest kept history), so scoring costs a few binary searches and no strings.
 */
export interface BackoffTrieArrays {
  order: number;
  /** Per node: the symbol on the edge from its parent (−1 for the root). */
  symbol: Int32Array;
  /** Per node: log P(symbol | parent context). */
  logProb: Float32Array;
  /** Per node as a context: log backoff weight applied when a symbol is not among its children. */
  backoff: Float32Array;
  /** Per node: index of its first child; children of n are firstChild[n] .. firstChild[n+1]−1, sorted by symbol. */
  firstChild: Int32Array;
}

export class BackoffTrie {
  readonly order: number;
  readonly sym: Int32Array;
  readonly lp: Float32Array;
  readonly bow: Float32Array;
  readonly first: Int32Array;
  private readonly depth: Uint8Array;
  /** Node for the same n-gram without its first symbol (the next shorter context). */
  private readonly suffix: Int32Array;

  /** `who` names the model in error messages. */
  constructor(arrays: BackoffTrieArrays, who: string) {
    const n = arrays.symbol.length;
    if (arrays.firstChild.length !== n + 1 || arrays.logProb.length !== n || arrays.backoff.length !== n) throw new CtcError(`${who}: trie arrays have inconsistent lengths`);
    this.order = arrays.order;
    this.sym = arrays.symbol;
    this.lp = arrays.logProb;
    this.bow = arrays.backoff;
    this.first = arrays.firstChild;
    this.depth = new Uint8Array(n);
    this.suffix = new Int32Array(n);
    // Breadth-first order means a node's parent and its parent's suffix come before it.
    for (let node = 0; node < n; node++) {
      for (let c = this.first[node]; c < this.first[node + 1]; c++) {
        if (c <= node) throw new CtcError(`${who}: trie is not in breadth-first order`);
        this.depth[c] = this.depth[node] + 1;
        if (node === 0) this.suffix[c] = 0;
        else {
          const s = this.child(this.suffix[node], this.sym[c]);
          if (s < 0) throw new CtcError(`${who}: trie lacks the suffix of a kept n-gram`);
          this.suffix[c] = s;
        }
      }
    }
  }

  get nodeCount(): number {
    return this.sym.length;
  }

  /** Child of `node` along `symbol`, or −1 (binary search over the sorted children). */
  child(node: number, symbol: number): number {
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

  /** Natural-log P(symbol | state), backing off to shorter contexts; `rootMiss` when even the root lacks the symbol. */
  logProb(state: number, symbol: number, rootMiss: number): number {
    let node = state;
    let acc = 0;
    for (;;) {
      const c = this.child(node, symbol);
      if (c >= 0) return acc + this.lp[c];
      if (node === 0) return acc + rootMiss;
      acc += this.bow[node];
      node = this.suffix[node];
    }
  }

  /** The state after `symbol` follows `state`: the longest kept history, at most order − 1 symbols. */
  nextState(state: number, symbol: number): number {
    let node = state;
    for (;;) {
      const c = this.child(node, symbol);
      if (c >= 0) return this.depth[c] < this.order ? c : this.suffix[c];
      if (node === 0) return 0;
      node = this.suffix[node];
    }
  }
}

/** Little-endian writer of the LM assets' trie bytes: varints and int16 fixed-point values. */
export class TrieBytesWriter {
  readonly bytes: number[] = [];
  constructor(private readonly scale: number) {}
  varint(v: number): void {
    while (v >= 0x80) {
      this.bytes.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.bytes.push(v);
  }
  int16(v: number): void {
    const q = Math.max(-32767, Math.min(32767, Math.round(v * this.scale)));
    this.bytes.push(q & 0xff, (q >> 8) & 0xff);
  }
}

/** The matching reader; every read past the end throws a CtcError naming `who`. */
export class TrieBytesReader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    private readonly scale: number,
    private readonly who: string,
  ) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new CtcError(`${this.who}: trie data is truncated`);
    return this.bytes[this.pos++];
  }
  varint(): number {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      if (shift > 28) throw new CtcError(`${this.who}: trie data has a malformed count`);
      const b = this.byte();
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
  }
  int16(): number {
    if (this.pos + 2 > this.bytes.length) throw new CtcError(`${this.who}: trie data is truncated`);
    const v = this.bytes[this.pos] | (this.bytes[this.pos + 1] << 8);
    this.pos += 2;
    return (v >= 0x8000 ? v - 0x10000 : v) / this.scale;
  }
  get done(): boolean {
    return this.pos === this.bytes.length;
  }
}
