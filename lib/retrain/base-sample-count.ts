/**
 * How many base-dataset samples to mix with `newCount` contributed ones so that base samples
 * make up `share` of the mix: share 0.5 → as many base as new, 0.8 → four times as many.
 * Capped by what is available. With no new samples, the share means nothing and all base
 * data is used only when share > 0.
 */
export function baseSampleCount(newCount: number, share: number, available: number): number {
  if (!(share >= 0 && share < 1)) throw new Error(`base share must be in [0, 1), got ${share}`);
  if (!Number.isInteger(newCount) || newCount < 0) throw new Error(`new sample count must be a non-negative integer, got ${newCount}`);
  if (share === 0) return 0;
  if (newCount === 0) return available;
  return Math.min(available, Math.round((newCount * share) / (1 - share)));
}
