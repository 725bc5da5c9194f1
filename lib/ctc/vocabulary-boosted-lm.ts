import type { CharLanguageModel } from "./language-model";

/**
 * A writer's own words on top of a character LM, for personal recognition: people write their
 * own names, places and jargon again and again. Within a word whose prefix is a prefix of one of
 * the writer's words, the next character is drawn from a mixture
 *
 *   P(c | h) = (1 − λ)·P_base(c | h) + λ·P_words(c | prefix)
 *
 * where P_words is the writer's words' continuation distribution (word ends go to space and to
 * end-of-text in equal halves). Once the prefix leaves every word, P is P_base alone. Both cases
 * are normalised distributions, so a word outside the vocabulary pays log(1/(1 − λ)) once, at its
 * first letter, and nothing after: the writer's words are preferred, never required. States are (base state, trie node) pairs, interned as integers.
 */
export class VocabularyBoostedLM implements CharLanguageModel {
  readonly endSymbol: number;
  private readonly space: number;
  /** Trie over base-LM symbol ids: children per node, and per node the count of words passing / ending. */
  private readonly children: Map<number, number>[] = [new Map()];
  private readonly through: number[] = [0];
  private readonly ends: number[] = [0];
  private readonly stateIds = new Map<number, number>();
  private readonly stateBase: number[] = [];
  private readonly stateNode: number[] = [];

  constructor(
    private readonly base: CharLanguageModel,
    words: readonly { word: string; count: number }[],
    private readonly weight: number,
  ) {
    if (!(weight >= 0 && weight < 1)) throw new Error(`vocabulary weight must be in [0, 1), got ${weight}`);
    this.endSymbol = base.endSymbol;
    this.space = base.symbolOf(" ");
    for (const { word, count } of words) {
      if (!word || word.includes(" ") || !(count > 0)) continue;
      const ids = [...word].map((c) => base.symbolOf(c));
      if (ids.some((id) => id < 0)) continue; // a character the LM cannot score: leave the word out
      let node = 0;
      this.through[0] += count;
      for (const id of ids) {
        let next = this.children[node].get(id);
        if (next === undefined) {
          next = this.children.length;
          this.children.push(new Map());
          this.through.push(0);
          this.ends.push(0);
          this.children[node].set(id, next);
        }
        node = next;
        this.through[node] += count;
      }
      this.ends[node] += count;
    }
  }

  /** Distinct words in the vocabulary trie (for tests and status). */
  get size(): number {
    return this.ends.filter((e) => e > 0).length;
  }

  private intern(baseState: number, node: number): number {
    const key = baseState * (this.children.length + 1) + (node + 1);
    let id = this.stateIds.get(key);
    if (id === undefined) {
      id = this.stateBase.length;
      this.stateIds.set(key, id);
      this.stateBase.push(baseState);
      this.stateNode.push(node);
    }
    return id;
  }

  initialState(): number {
    return this.intern(this.base.initialState(), this.through[0] > 0 ? 0 : -1);
  }

  symbolOf(char: string): number {
    return this.base.symbolOf(char);
  }

  /** P_words(symbol | node): mass of the words continuing with symbol (or ending here, for space / end). */
  private wordProb(node: number, symbol: number): number {
    const total = this.through[node];
    if (total <= 0) return 0;
    if (symbol === this.space || symbol === this.endSymbol) return this.ends[node] / total / 2;
    const child = this.children[node].get(symbol);
    return child === undefined ? 0 : this.through[child] / total;
  }

  logProb(state: number, symbol: number): number {
    const baseLp = this.base.logProb(this.stateBase[state], symbol);
    const node = this.stateNode[state];
    if (node < 0 || symbol < 0) return baseLp;
    return Math.log((1 - this.weight) * Math.exp(baseLp) + this.weight * this.wordProb(node, symbol));
  }

  nextState(state: number, symbol: number): number {
    const baseNext = this.base.nextState(this.stateBase[state], symbol);
    const node = this.stateNode[state];
    let next: number;
    if (symbol === this.space) next = this.through[0] > 0 ? 0 : -1; // a new word starts
    else if (node < 0 || symbol < 0) next = -1;
    else next = this.children[node].get(symbol) ?? -1;
    return this.intern(baseNext, next);
  }
}

/** A writer's words and how often they wrote each, from their samples' texts. */
export function vocabularyOf(texts: readonly string[]): { word: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of t.split(/\s+/)) if (w) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].map(([word, count]) => ({ word, count })).sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : 1));
}
