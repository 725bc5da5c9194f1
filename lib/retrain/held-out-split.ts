import { crc32 } from "node:zlib";

/**
 * Splits contributed samples into training and held-out parts by a hash of the sample id, so
 * a sample stays on the same side in every run (versions are compared on the same held-out
 * samples, and newly approved ones join without reshuffling the rest). One in `every` is held
 * out; with at least two samples, at least one is, so every version gets a held-out score.
 */
export function splitHeldOut<T extends { id: string }>(samples: readonly T[], every = 5): { train: T[]; heldOut: T[] } {
  if (!Number.isInteger(every) || every < 2) throw new Error(`every must be an integer ≥ 2, got ${every}`);
  const train: T[] = [];
  const heldOut: T[] = [];
  for (const s of samples) (crc32(s.id) % every === 0 ? heldOut : train).push(s);
  if (heldOut.length === 0 && train.length >= 2) {
    const first = train.reduce((best, s) => (crc32(s.id) < crc32(best.id) ? s : best));
    heldOut.push(first);
    train.splice(train.indexOf(first), 1);
  }
  return { train, heldOut };
}
