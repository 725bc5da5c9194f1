import type { PrismaClient } from "../db";
import { activeModelLocation, locateModel, type ModelStore, shippedDefaultVersion } from "../models/active-model";
import { parseVersionMetrics, type VersionMetrics } from "./version-metrics";

export interface VersionView {
  version: string;
  active: boolean;
  /** Served when no row is active (public/models/manifest.json default). */
  shippedDefault: boolean;
  kind: "trained" | "shipped" | "missing";
  url: string | null;
  metrics: VersionMetrics | null;
  /** Metrics in another shape (imported versions), as stored. */
  rawMetrics: unknown;
  trainingRunId: string | null;
  createdAt: string | null;
}

/** What GET /api/admin/versions answers with. */
export interface VersionList {
  versions: VersionView[];
  /** The version visitors get now. */
  active: string;
}

/** Every version the admin can promote: the database rows plus the shipped default, newest first. */
export async function listVersions(db: Pick<PrismaClient, "modelVersion">, store: ModelStore): Promise<VersionList> {
  const rows = await db.modelVersion.findMany({ orderBy: { createdAt: "desc" } });
  const shipped = shippedDefaultVersion(store);
  const views: VersionView[] = rows.map((r) => {
    const located = locateModel(store, r.version);
    let raw: unknown = null;
    try {
      raw = JSON.parse(r.metrics);
    } catch {
      raw = null;
    }
    return {
      version: r.version,
      active: r.active,
      shippedDefault: r.version === shipped,
      kind: located?.kind ?? "missing",
      url: located?.url ?? null,
      metrics: parseVersionMetrics(r.metrics),
      rawMetrics: raw,
      trainingRunId: r.trainingRunId,
      createdAt: r.createdAt.toISOString(),
    };
  });
  if (shipped && !rows.some((r) => r.version === shipped)) {
    const located = locateModel(store, shipped);
    views.push({ version: shipped, active: false, shippedDefault: true, kind: located ? "shipped" : "missing", url: located?.url ?? null, metrics: null, rawMetrics: null, trainingRunId: null, createdAt: null });
  }
  // The version visitors get (the same rule as /api/models/active); the manifest's name even when its files are missing.
  const active = await activeModelLocation(db, store);
  return { versions: views, active: active?.version ?? shipped ?? "" };
}
