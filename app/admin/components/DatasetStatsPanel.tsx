"use client";
import { useEffect, useState } from "react";
import type { DatasetStats } from "@/lib/retrain/dataset-stats";
import styles from "../admin.module.css";
import { adminFetch } from "./admin-api";
import { BarChart } from "./BarChart";
import { Card } from "./Card";
import { CoverageChart, shownChar } from "./CoverageChart";

/** Samples by status and source, contributors, and which characters are rare, as charts. */
export function DatasetStatsPanel({ refreshKey }: { refreshKey: number }) {
  const [stats, setStats] = useState<DatasetStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    adminFetch<DatasetStats>("/api/admin/stats").then(
      (s) => {
        setStats(s);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [refreshKey]);
  return (
    <Card
      id="stats-heading"
      title="Dataset"
      aside={
        stats && (
          <p className={styles.muted} data-testid="stats-summary">
            {stats.total.toLocaleString("en")} samples from {stats.contributors.toLocaleString("en")} contributors · {stats.rare.length} of {stats.coverage.length} characters are rare (fewer than {stats.rareBelow} uses)
          </p>
        )
      }
    >
      {error && (
        <p role="alert" className={styles.alert}>
          Statistics unavailable: {error}
        </p>
      )}
      {!stats && !error && <p className={styles.muted}>Loading statistics…</p>}
      {stats && (
        <>
          <div className={styles.charts}>
            <BarChart title="By status" unit="samples" data={["pending", "approved", "rejected"].map((s, i) => ({ label: s, value: stats.byStatus[s] ?? 0, tone: ([0, 3, 1] as const)[i] }))} />
            <BarChart title="By source" unit="samples" tone={2} data={["prompted", "corrected", "imported"].map((s) => ({ label: s, value: stats.bySource[s] ?? 0 }))} />
            <BarChart title="Top contributors" unit="samples" data={stats.topContributors.map((c) => ({ label: c.writerId.slice(0, 14), value: c.samples, note: c.writerId }))} />
          </div>
          <CoverageChart coverage={stats.coverage} rareBelow={stats.rareBelow} />
          <p className={styles.muted}>
            Counted over pending and approved labels. Rare characters: <span className={styles.mono}>{stats.rare.map(shownChar).join(" ") || "none"}</span>
            {stats.outsideCharset.length > 0 && <> · outside the model&apos;s charset: {stats.outsideCharset.map((c) => `${JSON.stringify(c.char)}×${c.count}`).join(", ")}</>}
          </p>
        </>
      )}
    </Card>
  );
}
