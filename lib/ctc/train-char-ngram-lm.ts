import { CharNgramLM, SENTENCE_END, SENTENCE_START } from "./char-ngram-lm";
import { CtcError } from "./ctc-error";

/** One training text. Counts are scaled by `weight` (e.g. a word's frequency). */
export interface LmTrainingText {
  text: string;
  weight?: number;
  /** true (default): the text starts a sentence (<s> context). false: its first character is context only, not predicted. */
  startOfText?: boolean;
  /** true (default): the text ends a sentence (</s> is predicted after it). */
  endOfText?: boolean;
}

export interface TrainCharNgramLMOptions {
  /** n of the n-grams (context length + 1). */
  order?: number;
  /** n-grams of order ≥ 2 with a weighted count below this are pruned (the backoff weights are renormalised). */
  minCount?: number;
  /** Characters the model must have a symbol for even if the texts lack them (they get the unigram floor). */
  extraSymbols?: Iterable<string>;
  /** log-prob for characters outside the symbol table. */
  unknownLogProb?: number;
}

/**
 * Trains an interpolated Witten-Bell character n-gram model from weighted texts and stores it in
 * backoff form. Witten-Bell (rather than Kneser-Ney) because it is defined for fractional,
 * frequency-weighted counts: P(c|h) = (n(h,c) + u(h)·P(c|h')) / (n(h) + u(h)), where n(h) is the
 * weighted count of h and u(h) the number of distinct symbols seen after it; the base case is
 * uniform over the symbols. Probabilities are computed from the full counts; pruning only drops
 * n-grams and renormalises the backoff weights, so the pruned model still sums to one.
 */
export function trainCharNgramLM(texts: Iterable<LmTrainingText>, options: TrainCharNgramLMOptions = {}): CharNgramLM {
  const { order = 6, minCount = 0, unknownLogProb = Math.log(1e-7) } = options;
  if (!Number.isInteger(order) || order < 1 || order > 16) throw new CtcError(`trainCharNgramLM: order must be an integer in [1, 16], got ${order}`);
  if (!(minCount >= 0)) throw new CtcError(`trainCharNgramLM: minCount must be ≥ 0, got ${minCount}`);

  // Symbol ids are stored as UTF-16 code units (offset past the surrogate-free low range) in string keys.
  const charSet = new Set<string>(options.extraSymbols ?? []);
  const items = [...texts];
  for (const t of items) for (const ch of t.text) charSet.add(ch);
  for (const ch of charSet) {
    if (ch === SENTENCE_END || ch === SENTENCE_START || Array.from(ch).length !== 1) {
      throw new CtcError(`trainCharNgramLM: symbol ${JSON.stringify(ch)} is not a single character`);
    }
  }
  const symbols = [SENTENCE_END, SENTENCE_START, ...[...charSet].sort()];
  if (symbols.length > 256) throw new CtcError(`trainCharNgramLM: ${symbols.length} symbols, at most 256 fit the format`);
  const idOf = new Map(symbols.map((s, i) => [s, i]));
  const code = (id: number) => String.fromCharCode(0x100 + id);
  const idOfCode = (key: string, i: number) => key.charCodeAt(i) - 0x100;
  const END = 0;
  const START = 1;

  const counts = new Map<string, number>();
  const seq: number[] = [];
  for (const t of items) {
    const w = t.weight ?? 1;
    if (!(w > 0) || !Number.isFinite(w)) throw new CtcError(`trainCharNgramLM: weight of ${JSON.stringify(t.text)} must be positive, got ${w}`);
    seq.length = 0;
    if (t.startOfText ?? true) seq.push(START);
    for (const ch of t.text) seq.push(idOf.get(ch)!);
    if (t.endOfText ?? true) seq.push(END);
    let key = "";
    for (let i = 0; i < seq.length; i++) key += code(seq[i]);
    for (let i = 1; i < seq.length; i++) {
      for (let n = 1; n <= order && i - n + 1 >= 0; n++) {
        const k = key.slice(i - n + 1, i + 1);
        counts.set(k, (counts.get(k) ?? 0) + w);
      }
    }
  }

  // Per history: weighted total and number of distinct following symbols.
  const histTotal = new Map<string, number>();
  const histTypes = new Map<string, number>();
  for (const [k, c] of counts) {
    const h = k.slice(0, -1);
    histTotal.set(h, (histTotal.get(h) ?? 0) + c);
    histTypes.set(h, (histTypes.get(h) ?? 0) + 1);
  }

  // Kept n-grams, breadth-first: by length, then by symbol codes (parents before children, siblings sorted).
  const kept: string[] = [];
  const predictable = symbols.length - 1; // everything but <s>
  for (let id = 0; id < symbols.length; id++) kept.push(code(id));
  for (const [k, c] of counts) if (k.length >= 2 && c >= minCount) kept.push(k);
  // Keep every context a kept n-gram needs: its history (prefix) and its suffix, which count pruning alone
  // keeps too (their counts are at least as large), except for the <s>-prefixed histories.
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i];
    if (k.length >= 2 && !counts.has(k.slice(0, -1)) && k.slice(0, -1) !== code(START)) kept.push(k.slice(0, -1));
  }
  const unique = [...new Set(kept)];
  unique.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));

  const prob = new Map<string, number>();
  const rootTotal = histTotal.get("") ?? 0;
  const rootTypes = histTypes.get("") ?? 0;
  for (const k of unique) {
    if (k.length === 1) {
      const id = idOfCode(k, 0);
      if (id === START) continue;
      prob.set(k, ((counts.get(k) ?? 0) + rootTypes / predictable) / (rootTotal + rootTypes || 1));
      continue;
    }
    const h = k.slice(0, -1);
    const lower = prob.get(k.slice(1));
    if (lower === undefined) throw new CtcError("trainCharNgramLM: internal error, suffix of a kept n-gram missing");
    const tot = histTotal.get(h) ?? 0;
    const types = histTypes.get(h) ?? 0;
    prob.set(k, tot + types > 0 ? ((counts.get(k) ?? 0) + types * lower) / (tot + types) : lower);
  }

  const n = unique.length + 1;
  const nodeOf = new Map<string, number>([["", 0]]);
  unique.forEach((k, i) => nodeOf.set(k, i + 1));
  const symbol = new Int32Array(n).fill(-1);
  const logProb = new Float32Array(n);
  const backoff = new Float32Array(n);
  const childCount = new Int32Array(n);
  const keptMass = new Float64Array(n); // Σ P(c|h) over h's kept children
  const lowerMass = new Float64Array(n); // Σ P(c|h') over the same c
  for (let i = 0; i < unique.length; i++) {
    const k = unique[i];
    const node = i + 1;
    const parent = nodeOf.get(k.slice(0, -1));
    if (parent === undefined) throw new CtcError("trainCharNgramLM: internal error, history of a kept n-gram missing");
    symbol[node] = idOfCode(k, k.length - 1);
    childCount[parent]++;
    const p = prob.get(k);
    logProb[node] = p === undefined ? -32 : Math.log(p); // only <s> has none: it is never predicted
    if (p !== undefined && parent !== 0) {
      keptMass[parent] += p;
      lowerMass[parent] += prob.get(k.slice(1))!;
    }
  }
  for (let node = 1; node < n; node++) {
    if (childCount[node] === 0) continue;
    const num = Math.max(1e-12, 1 - keptMass[node]);
    const den = Math.max(1e-12, 1 - lowerMass[node]);
    backoff[node] = Math.log(num / den);
  }
  const firstChild = new Int32Array(n + 1);
  let next = 1;
  for (let node = 0; node < n; node++) {
    firstChild[node] = next;
    next += childCount[node];
  }
  firstChild[n] = next;
  return new CharNgramLM({ order, symbols, unknownLogProb, symbol, logProb, backoff, firstChild });
}
