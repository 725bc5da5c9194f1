"use client";
import { useCallback, useState } from "react";
import { DatasetStatsPanel } from "./DatasetStatsPanel";
import { ImportPanel } from "./ImportPanel";
import { RetrainPanel } from "./RetrainPanel";
import { VersionsTable } from "./VersionsTable";

/** The admin dashboard: dataset, import, retraining, versions. Each part refreshes after the others change things. */
export function Dashboard() {
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useCallback(() => setRefreshKey((k) => k + 1), []);
  return (
    <>
      <DatasetStatsPanel refreshKey={refreshKey} />
      <ImportPanel onImported={refresh} />
      <RetrainPanel onRunFinished={refresh} />
      <VersionsTable refreshKey={refreshKey} onChanged={refresh} />
    </>
  );
}
