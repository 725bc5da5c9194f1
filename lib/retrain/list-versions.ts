import { readFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../db";
import { activeModelLocation, locateModel, type LocatedModel, type ModelStore, shippedDefaultVersion } from "../models/active-model";
import { modelCardScores, parseModelCardMetrics, parseVersionMetrics, type ModelCardScores, type VersionMetrics } from "./version-metrics";

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
  /** A shipped version's numbers from its metrics.json (the model card's), when it has one. */
  modelCard: ModelCardScores | null;
  trainingRunId: string | null;
  createdAt: string | null;
}

/** What GET /api/admin/versions answers with. */
export interface VersionList {
  versions: VersionView[];
  /** The version visitors get now. */
  active: string;
}

/**
 * The model card's numbers of a version whose files are under public/models. The shipped version
 * has no ModelVersion row (it was trained elsewhere), so its metrics are only in that file.
 */
function modelCardOf(located: LocatedModel | null): ModelCardScores | null {
  if (located?.kind !== "shipped") return null;
  let text: string;
  try {
    text = readFileSync(path.join(located.dir, "metrics.json"), "utf8");
  } catch {
    return null;
  }
  const card = parseModelCardMetrics(text);
  return card ? modelCardScores(card) : null;
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
      modelCard: modelCardOf(located),
      trainingRunId: r.trainingRunId,
      createdAt: r.createdAt.toISOString(),
    };
  });
  if (shipped && !rows.some((r) => r.version === shipped)) {
    const located = locateModel(store, shipped);
    views.push({ version: shipped, active: false, shippedDefault: true, kind: located ? "shipped" : "missing", url: located?.url ?? null, metrics: null, rawMetrics: null, modelCard: modelCardOf(located), trainingRunId: null, createdAt: null });
  }
  // The version visitors get (the same rule as /api/models/active); the manifest's name even when its files are missing.
  const active = await activeModelLocation(db, store);
  return { versions: views, active: active?.version ?? shipped ?? "" };
}
