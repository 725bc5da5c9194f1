/**
 * Which model version the Write page loads. The admin dashboard marks a ModelVersion row
 * active; until one is, the version public/models/manifest.json names as "default" is served.
 * A database row only wins when its files are actually there, so a half-published version
 * cannot take the page down; the manifest is the safe fallback.
 */
export interface ActiveModel {
  version: string;
  /** Model directory URL: model.json and weights.bin live under it. */
  url: string;
  source: "database" | "manifest";
  /** Evaluation metrics recorded with the version (database rows only). */
  metrics?: unknown;
}

export type ActiveModelResult =
  | { status: 200; body: ActiveModel }
  | { status: 503; body: { error: string } };

export interface ActiveModelSources {
  /** The active=true row, or null when none is; may throw when the database is unreachable. */
  readActiveRow(): Promise<{ version: string; metrics: string } | null>;
  /** public/models/manifest.json parsed, or undefined when the file is missing. */
  readManifest(): Promise<unknown>;
  /** Whether public/models/<version>/model.json exists. */
  modelExists(version: string): Promise<boolean>;
  /**
   * The URL of a version trained on this server (its files live under data/models and are
   * served by /api/models/files), or null when it is not one. Checked before public/models.
   */
  trainedModelUrl?(version: string): Promise<string | null>;
  warn?(message: string, error?: unknown): void;
}

/** Versions are folder names under /models: keep them to a safe, URL-clean alphabet. */
export const MODEL_VERSION_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

const isSafeVersion = (v: unknown): v is string => typeof v === "string" && MODEL_VERSION_PATTERN.test(v) && v !== "." && v !== "..";

function parseMetrics(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function resolveActiveModel(sources: ActiveModelSources): Promise<ActiveModelResult> {
  const warn = sources.warn ?? ((message: string, error?: unknown) => console.warn(`models/active: ${message}`, error ?? ""));
  try {
    const row = await sources.readActiveRow();
    if (row) {
      const trainedUrl = isSafeVersion(row.version) ? ((await sources.trainedModelUrl?.(row.version)) ?? null) : null;
      if (!isSafeVersion(row.version)) warn(`active ModelVersion "${row.version}" is not a valid folder name; serving the manifest default`);
      else if (trainedUrl) return { status: 200, body: { version: row.version, url: trainedUrl, source: "database", metrics: parseMetrics(row.metrics) } };
      else if (!(await sources.modelExists(row.version))) warn(`active ModelVersion "${row.version}" has no public/models/${row.version}/model.json; serving the manifest default`);
      else return { status: 200, body: { version: row.version, url: `/models/${row.version}`, source: "database", metrics: parseMetrics(row.metrics) } };
    }
  } catch (error) {
    warn("could not read the active ModelVersion; serving the manifest default", error);
  }

  let manifest: unknown;
  try {
    manifest = await sources.readManifest();
  } catch (error) {
    warn("public/models/manifest.json is unreadable", error);
    return { status: 503, body: { error: "No model is available: the model manifest is unreadable." } };
  }
  const version = (manifest as { default?: unknown } | undefined)?.default;
  if (manifest === undefined) return { status: 503, body: { error: "No model is published yet (public/models/manifest.json is missing)." } };
  if (!isSafeVersion(version)) return { status: 503, body: { error: "The model manifest names no valid default version." } };
  if (!(await sources.modelExists(version))) return { status: 503, body: { error: `The default model "${version}" is not published (no model.json).` } };
  return { status: 200, body: { version, url: `/models/${version}`, source: "manifest" } };
}
