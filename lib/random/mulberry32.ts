/**
 * The project's one seeded pseudo-random generator (mulberry32): small, fast, and the same
 * sequence everywhere for a given seed. It drives weight initialisation, augmentation, epoch
 * shuffles and data splits, and tests use it too, so a failure reproduces exactly.
 * Returns numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
