/**
 * Fisher–Yates shuffle of `items` in place (and returned), drawing one rand() per position from
 * the end: every seeded order in training, validation subsets and adaptation comes from here,
 * so the same seed gives the same order everywhere.
 */
export function shuffleInPlace<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * `count` distinct indices of `weights`, drawn without replacement with probability proportional
 * to each weight (Efraimidis–Spirakis: each index gets the key log(u)/w for a uniform u, and the
 * largest keys win), in the order drawn. One rand() per index; a weight ≤ 0 is never drawn while
 * a positive one is left.
 */
export function weightedSample(weights: readonly number[], count: number, rand: () => number): number[] {
  return weights
    .map((w, i) => ({ i, key: w > 0 ? Math.log(1 - rand()) / w : -Infinity }))
    .sort((a, b) => b.key - a.key || a.i - b.i)
    .slice(0, Math.max(0, count))
    .map((k) => k.i);
}
