import type { VersionMetrics } from "./version-metrics";

/** Promoting a version that raises base validation CER by more than this (relative) needs a confirm. */
export const PROMOTE_GUARD_REL = 0.01;

export type PromoteCheck =
  | { ok: true; note: string | null }
  | { ok: false; baseCer: number; candidateCer: number; relChange: number; against: string; message: string };

/**
 * Would promoting `candidate` cost everyone else? Compares its base validation CER with the
 * active version's on the same validation set, decoded the same way: the parent's score from the same run when the
 * candidate was fine-tuned from the active version, else the active version's own metrics.
 * Without a comparable score (imported or shipped versions) the promote is allowed with a note.
 */
export function checkPromotion(
  candidate: { version: string; metrics: VersionMetrics | null },
  active: { version: string; metrics: VersionMetrics | null } | null,
  limit = PROMOTE_GUARD_REL,
): PromoteCheck {
  const m = candidate.metrics;
  if (!m || !active || active.version === candidate.version) return { ok: true, note: null };
  let baseCer: number | null = null;
  if (m.parent?.version === active.version && m.parent.validation) baseCer = m.parent.validation.cer;
  else if (active.metrics && active.metrics.validationSetId === m.validationSetId && active.metrics.decoder === m.decoder) baseCer = active.metrics.validation.cer;
  if (baseCer === null) return { ok: true, note: `no base validation score of ${active.version} on ${m.validationSetId} (${m.decoder} decoding) to compare with` };
  const relChange = baseCer > 0 ? m.validation.cer / baseCer - 1 : m.validation.cer > 0 ? Infinity : 0;
  if (relChange <= limit + 1e-12) return { ok: true, note: null };
  const pct = (v: number) => `${(100 * v).toFixed(2)}%`;
  return {
    ok: false,
    baseCer,
    candidateCer: m.validation.cer,
    relChange,
    against: active.version,
    message: `${candidate.version} raises the base validation CER from ${pct(baseCer)} (${active.version}) to ${pct(m.validation.cer)}, +${(100 * relChange).toFixed(1)}% relative (the limit is +${(100 * limit).toFixed(0)}%): other writers would read worse. Confirm to promote it anyway.`,
  };
}
