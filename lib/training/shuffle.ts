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
