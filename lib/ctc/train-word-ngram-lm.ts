import { CtcError } from "./ctc-error";
import { LINE_START, UNKNOWN_WORD, WordNgramLM } from "./word-ngram-lm";

export interface TrainWordNgramLMOptions {
  /** n of the n-grams (history length + 1); 2 or 3 in practice. */
  order?: number;
  /** Tokens seen fewer times than this are <unk> (the decoder spells them with the character LM). */
  minWordCount?: number;
  /**
   * Per order ≥ 2 (index 0 = bigrams): n-grams seen fewer times are pruned. Probabilities come
   * from the full counts; pruning drops n-grams and renormalises the backoff weights.
   */
  minCounts?: number[];
}

/**
 * Trains an interpolated Kneser-Ney word n-gram model from lines of text (tokens split at
 * spaces, each line starting in the <s> context) and stores it in backoff form.
 *
 *   P(w | h) = max(a(h w) − D, 0) / A(h) + D · T(h) / A(h) · P(w | h′)
 *
 * where h′ is h without its first word, a(·) is the raw count at the highest order and the
 * continuation count (distinct left neighbours) below it, except for n-grams that start with
 * <s> (nothing precedes a line start, so their raw count stands), A(h) = Σ_w a(h w), T(h) the
 * number of distinct w after h, and D = n₁ / (n₁ + 2 n₂) per order from the count-of-counts. The
 * unigram level interpolates with the uniform distribution over the vocabulary and <unk>, so every
 * word, <unk> included, has a probability and every history's distribution sums to one.
 */
export function trainWordNgramLM(lines: Iterable<string>, options: TrainWordNgramLMOptions = {}): WordNgramLM {
  const { order = 3, minWordCount = 2, minCounts = [] } = options;
  if (!Number.isInteger(order) || order < 1 || order > 4) throw new CtcError(`trainWordNgramLM: order must be an integer in [1, 4], got ${order}`);
  if (!(minWordCount >= 1)) throw new CtcError(`trainWordNgramLM: minWordCount must be ≥ 1, got ${minWordCount}`);

  const tokenLines: string[][] = [];
  const tokenCounts = new Map<string, number>();
  for (const line of lines) {
    const tokens = line.split(" ").filter((t) => t.length > 0);
    if (tokens.length === 0) continue;
    for (const t of tokens) {
      if (/\s/.test(t)) throw new CtcError(`trainWordNgramLM: token ${JSON.stringify(t)} holds whitespace`);
      if (t === UNKNOWN_WORD || t === LINE_START) throw new CtcError(`trainWordNgramLM: token ${t} is reserved`);
      tokenCounts.set(t, (tokenCounts.get(t) ?? 0) + 1);
    }
    tokenLines.push(tokens);
  }
  // Most frequent first (ties alphabetical): deterministic ids.
  const vocabulary = [...tokenCounts]
    .filter(([, c]) => c >= minWordCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([t]) => t);
  const V = vocabulary.length;
  const UNK = V;
  const START = V + 1;
  const S = V + 2; // symbols: words, <unk>, <s>
  if (S ** order > Number.MAX_SAFE_INTEGER) throw new CtcError(`trainWordNgramLM: ${S} symbols to the power ${order} do not fit the n-gram keys`);
  const id = new Map(vocabulary.map((w, i) => [w, i]));

  // raw[k]: counts of (k+1)-grams, keyed by their ids in base S.
  const raw: Map<number, number>[] = Array.from({ length: order }, () => new Map());
  for (const tokens of tokenLines) {
    const seq = [START, ...tokens.map((t) => id.get(t) ?? UNK)];
    for (let i = 1; i < seq.length; i++) {
      let key = seq[i];
      let scale = S;
      raw[0].set(key, (raw[0].get(key) ?? 0) + 1);
      for (let k = 1; k < order && i - k >= 0; k++) {
        key += seq[i - k] * scale;
        scale *= S;
        raw[k].set(key, (raw[k].get(key) ?? 0) + 1);
      }
    }
  }
  const pow = (k: number) => S ** k;
  const firstSymbol = (key: number, k: number) => Math.floor(key / pow(k)); // k+1 symbols in key
  // a[k]: the counts Kneser-Ney uses at order k+1 (continuation counts below the top order).
  const a: Map<number, number>[] = raw.map((m, k) => (k === order - 1 ? m : new Map<number, number>()));
  for (let k = 0; k < order - 1; k++) {
    for (const key of raw[k].keys()) if (k > 0 && firstSymbol(key, k) === START) a[k].set(key, raw[k].get(key)!);
    for (const longer of raw[k + 1].keys()) {
      const key = longer % pow(k + 1); // drop the first word
      if (k > 0 && firstSymbol(key, k) === START) continue;
      a[k].set(key, (a[k].get(key) ?? 0) + 1);
    }
  }
  // Discounts and per-history totals.
  const D: number[] = [];
  const histTotal: Map<number, number>[] = [];
  const histTypes: Map<number, number>[] = [];
  for (let k = 0; k < order; k++) {
    let n1 = 0;
    let n2 = 0;
    const tot = new Map<number, number>();
    const types = new Map<number, number>();
    for (const [key, c] of a[k]) {
      if (c === 1) n1++;
      else if (c === 2) n2++;
      const h = Math.floor(key / S);
      tot.set(h, (tot.get(h) ?? 0) + c);
      types.set(h, (types.get(h) ?? 0) + 1);
    }
    D.push(n1 + 2 * n2 > 0 ? Math.min(0.95, Math.max(0.05, n1 / (n1 + 2 * n2))) : 0.5);
    histTotal.push(tot);
    histTypes.push(types);
  }

  // Interpolated probabilities, memoised per (order, key).
  const probMemo: Map<number, number>[] = Array.from({ length: order }, () => new Map());
  const prob = (k: number, key: number): number => {
    const memo = probMemo[k].get(key);
    if (memo !== undefined) return memo;
    const h = Math.floor(key / S);
    const lower = k === 0 ? 1 / (V + 1) : prob(k - 1, key % pow(k));
    const tot = histTotal[k].get(h) ?? 0;
    let p = lower;
    if (tot > 0) p = Math.max((a[k].get(key) ?? 0) - D[k], 0) / tot + (D[k] * (histTypes[k].get(h) ?? 0) / tot) * lower;
    probMemo[k].set(key, p);
    return p;
  };

  // Kept n-grams: every unigram (the vocabulary, <unk>, and <s> as a context), and the longer ones over their count floor.
  const kept: number[][] = [Array.from({ length: S }, (_, w) => w)];
  for (let k = 1; k < order; k++) {
    const floor = minCounts[k - 1] ?? 1;
    const set = new Set<number>();
    for (const [key, c] of raw[k]) if (c >= floor) set.add(key);
    kept.push([...set]);
  }
  // A kept n-gram's history and suffix must be nodes too (a history starting with <s> can lack raw counts of its own).
  for (let k = order - 1; k >= 1; k--) {
    const lowerSet = new Set(kept[k - 1]);
    for (const key of kept[k]) {
      lowerSet.add(Math.floor(key / S));
      lowerSet.add(key % pow(k));
    }
    kept[k - 1] = [...lowerSet];
  }
  for (const level of kept) level.sort((x, y) => x - y); // by history, then word: breadth-first sibling order

  const n = 1 + kept.reduce((s, l) => s + l.length, 0);
  const symbol = new Int32Array(n).fill(-1);
  const logProb = new Float32Array(n);
  const backoff = new Float32Array(n);
  const childCount = new Int32Array(n);
  const keptMass = new Float64Array(n);
  const lowerMass = new Float64Array(n);
  const nodeOf: Map<number, number>[] = [];
  let node = 1;
  for (let k = 0; k < order; k++) {
    const m = new Map<number, number>();
    for (const key of kept[k]) {
      m.set(key, node);
      const w = key % S;
      symbol[node] = w;
      const parent = k === 0 ? 0 : nodeOf[k - 1].get(Math.floor(key / S));
      if (parent === undefined) throw new CtcError("trainWordNgramLM: internal error, history of a kept n-gram missing");
      childCount[parent]++;
      if (w === START) logProb[node] = -32; // never predicted
      else {
        const p = prob(k, key);
        logProb[node] = Math.log(p);
        if (k > 0) {
          keptMass[parent] += p;
          lowerMass[parent] += prob(k - 1, key % pow(k));
        }
      }
      node++;
    }
    nodeOf.push(m);
  }
  for (let i = 1; i < n; i++) {
    if (childCount[i] === 0) continue;
    backoff[i] = Math.log(Math.max(1e-12, 1 - keptMass[i]) / Math.max(1e-12, 1 - lowerMass[i]));
  }
  const firstChild = new Int32Array(n + 1);
  let next = 1;
  for (let i = 0; i < n; i++) {
    firstChild[i] = next;
    next += childCount[i];
  }
  firstChild[n] = next;
  // Breadth-first ids must match the parents' child runs: both are in (order, history, word) order.
  return new WordNgramLM({ order, vocabulary, symbol, logProb, backoff, firstChild });
}
