"use client";
import { useEffect, useState } from "react";
import type { DatasetStats } from "@/lib/retrain/dataset-stats";
import { adminFetch } from "./admin-api";
import { BarChart } from "./BarChart";

const shown = (c: string) => (c === " " ? "␣" : c);

/** Samples by status and source, contributors, and which characters are rare, as charts. */
export function DatasetStatsPanel({ refreshKey }: { refreshKey: number }) {
  const [stats, setStats] = useState<DatasetStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    adminFetch<DatasetStats>("/api/admin/stats").then(setStats, (e: Error) => setError(e.message));
  }, [refreshKey]);
  if (error) return <p role="alert">Statistics unavailable: {error}</p>;
  if (!stats) return <p>Loading statistics…</p>;
  return (
    <section aria-labelledby="stats-heading">
      <h2 id="stats-heading">Dataset</h2>
      <p data-testid="stats-summary">
        {stats.total} samples from {stats.contributors} contributors · {stats.rare.length} of {stats.coverage.length} characters are rare (fewer than {stats.rareBelow} uses)
      </p>
      <div style={{ display: "flex", flexWrap: "wrap", gap: "1.5rem" }}>
        <BarChart title="By status" data={["pending", "approved", "rejected"].map((s) => ({ label: s, value: stats.byStatus[s] ?? 0 }))} />
        <BarChart title="By source" data={["prompted", "corrected", "imported"].map((s) => ({ label: s, value: stats.bySource[s] ?? 0 }))} />
        <BarChart title="Top contributors" data={stats.topContributors.map((c) => ({ label: c.writerId.slice(0, 12), value: c.samples }))} />
      </div>
      <h3>Character coverage (pending + approved labels)</h3>
      <svg width={Math.min(960, stats.coverage.length * 10)} height={90} role="img" aria-label="character coverage, rarest first">
        {stats.coverage.map((c, i) => {
          const max = Math.max(1, ...stats.coverage.map((x) => x.count));
          const h = c.count === 0 ? 1 : 4 + (60 * Math.log1p(c.count)) / Math.log1p(max);
          return (
            <g key={c.char} transform={`translate(${i * 10} 0)`}>
              <title>{`${JSON.stringify(c.char)}: ${c.count}`}</title>
              <rect x={1} y={70 - h} width={8} height={h} fill={c.count < stats.rareBelow ? "#c0392b" : "var(--accent)"} />
              <text x={5} y={84} fontSize="9" textAnchor="middle" fill="currentColor">
                {shown(c.char)}
              </text>
            </g>
          );
        })}
      </svg>
      <p>
        Rare characters: <span style={{ fontFamily: "monospace" }}>{stats.rare.map(shown).join(" ") || "none"}</span>
        {stats.outsideCharset.length > 0 && <> · outside the model&apos;s charset: {stats.outsideCharset.map((c) => `${JSON.stringify(c.char)}×${c.count}`).join(", ")}</>}
      </p>
    </section>
  );
}
