"use client";
import Link from "next/link";
import { useCallback, useState } from "react";
import { DatasetStatsPanel } from "./DatasetStatsPanel";
import { ImportPanel } from "./ImportPanel";
import { RetrainPanel } from "./RetrainPanel";
import { VersionsTable } from "./VersionsTable";

/** The admin dashboard: dataset, import, retraining, versions. Each part refreshes after the others change things. */
export function Dashboard() {
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useCallback(() => setRefreshKey((k) => k + 1), []);
  const logout = async () => {
    await fetch("/api/admin/logout", { method: "POST" });
    window.location.href = "/admin/login";
  };
  return (
    <div style={{ display: "grid", gap: "1.5rem" }}>
      <p>
        <Link href="/admin/review">Review queue →</Link>{" "}
        <button type="button" onClick={logout} style={{ marginLeft: 12 }}>
          Sign out
        </button>
      </p>
      <DatasetStatsPanel refreshKey={refreshKey} />
      <ImportPanel onImported={refresh} />
      <RetrainPanel onRunFinished={refresh} />
      <VersionsTable refreshKey={refreshKey} onChanged={refresh} />
    </div>
  );
}
