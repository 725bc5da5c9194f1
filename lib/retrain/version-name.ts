/**
 * The version a run publishes: mode, the run's creation time (UTC, to the minute) and the end of
 * its id, e.g. "ft-20261125-1748-k3x9qa". Deterministic in the run, so a resumed run that is
 * exported twice writes the same folder, and safe as a folder name and URL segment.
 */
export function versionNameFor(run: { id: string; createdAt: Date }, mode: "finetune" | "scratch"): string {
  const t = run.createdAt.toISOString();
  const stamp = `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}-${t.slice(11, 13)}${t.slice(14, 16)}`;
  const suffix = run.id.replace(/[^A-Za-z0-9]/g, "").slice(-6).toLowerCase();
  return `${mode === "finetune" ? "ft" : "sc"}-${stamp}-${suffix}`;
}
