import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkCharset, type Charset } from "../ctc/charset";
import type { PrismaClient } from "../db";
import { DEFAULT_CHARSET } from "../model/charset";

/**
 * Model versions on disk, and which one visitors get: the one rule that /api/models/active, the
 * review queue's transcriptions, fine-tuning and the label charset all follow. Node only.
 *
 * The admin dashboard marks a ModelVersion row active; until one is, the version
 * public/models/manifest.json names as "default" is served. A row only wins when its files are
 * actually there, so a half-published version cannot take the page down; the manifest is the
 * safe fallback, and so is an unreachable database.
 */

/**
 * Where model versions live. The shipped one is in public/models/<v>/ (served by Next as static
 * files, present at build time); versions trained on the server go to <data>/models/<v>/ and are
 * served by /api/models/files/<v>/<file>, since Next serves only public files that existed at build.
 */
export interface ModelStore {
  root: string;
  /** <root>/data/models (or DATA_DIR/models). */
  trainedDir: string;
  /** <root>/public/models. */
  publicDir: string;
}

export function modelStore(root: string, dataDir = path.join(root, "data")): ModelStore {
  return { root, trainedDir: path.join(dataDir, "models"), publicDir: path.join(root, "public", "models") };
}

/** Versions are folder names and URL segments: a safe alphabet only. */
export const VERSION_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const isSafeVersion = (v: unknown): v is string => typeof v === "string" && VERSION_PATTERN.test(v) && v !== "." && v !== "..";

/** URL prefix under which trained versions' files are served. */
export const TRAINED_MODELS_URL = "/api/models/files";

export interface LocatedModel {
  version: string;
  dir: string;
  /** Directory URL the browser loads model.json + weights from. */
  url: string;
  kind: "trained" | "shipped";
}

/** Finds a version's files: trained ones first, then shipped ones; null when neither has model.json. */
export function locateModel(store: ModelStore, version: string): LocatedModel | null {
  if (!isSafeVersion(version)) return null;
  const trained = path.join(store.trainedDir, version);
  if (existsSync(path.join(trained, "model.json"))) return { version, dir: trained, url: `${TRAINED_MODELS_URL}/${version}`, kind: "trained" };
  return locateShipped(store, version);
}

/** A version under public/models only: what the manifest's default names. */
function locateShipped(store: ModelStore, version: string): LocatedModel | null {
  const shipped = path.join(store.publicDir, version);
  if (existsSync(path.join(shipped, "model.json"))) return { version, dir: shipped, url: `/models/${version}`, kind: "shipped" };
  return null;
}

type ManifestDefault = { ok: true; version: string } | { ok: false; problem: "missing" | "unreadable" | "invalid"; error?: unknown };

function readManifestDefault(store: ModelStore): ManifestDefault {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path.join(store.publicDir, "manifest.json"), "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { ok: false, problem: "missing" };
    return { ok: false, problem: "unreadable", error };
  }
  const version = (manifest as { default?: unknown } | null)?.default;
  return isSafeVersion(version) ? { ok: true, version } : { ok: false, problem: "invalid" };
}

/** The version public/models/manifest.json names as default, or null. */
export function shippedDefaultVersion(store: ModelStore): string | null {
  const manifest = readManifestDefault(store);
  return manifest.ok ? manifest.version : null;
}

/** The manifest's default version, located under public/models; null when it names none or its files are missing. */
export function shippedDefaultModel(store: ModelStore): LocatedModel | null {
  const version = shippedDefaultVersion(store);
  return version === null ? null : locateShipped(store, version);
}

/** Makes public/models/manifest.json name `version` as the default, keeping its other fields. */
export function setShippedDefaultVersion(store: ModelStore, version: string): void {
  if (!isSafeVersion(version)) throw new Error(`not a valid model version name: ${JSON.stringify(version)}`);
  const file = path.join(store.publicDir, "manifest.json");
  const manifest = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  writeFileSync(file, JSON.stringify({ ...manifest, default: version }, null, 2) + "\n");
}

export interface ActiveModel extends LocatedModel {
  source: "database" | "manifest";
  /** Evaluation metrics recorded with the version (database rows only). */
  metrics?: unknown;
}

/** The model visitors get, or why there is none (the 503 message of /api/models/active). */
export type ActiveModelResolution = { ok: true; model: ActiveModel } | { ok: false; error: string };

type Warn = (message: string, error?: unknown) => void;
const warnOnConsole: Warn = (message, error) => console.warn(`models/active: ${message}`, error ?? "");

/** The active version: the active row when its files exist, else the manifest default. */
export async function resolveActiveModel(db: Pick<PrismaClient, "modelVersion">, store: ModelStore, warn: Warn = warnOnConsole): Promise<ActiveModelResolution> {
  try {
    const row = await db.modelVersion.findFirst({ where: { active: true }, orderBy: { createdAt: "desc" }, select: { version: true, metrics: true } });
    if (row) {
      const located = locateModel(store, row.version);
      if (located) return { ok: true, model: { ...located, source: "database", metrics: parseMetrics(row.metrics) } };
      if (!isSafeVersion(row.version)) warn(`active ModelVersion "${row.version}" is not a valid folder name; serving the manifest default`);
      else warn(`active ModelVersion "${row.version}" has no public/models/${row.version}/model.json; serving the manifest default`);
    }
  } catch (error) {
    warn("could not read the active ModelVersion; serving the manifest default", error);
  }

  const manifest = readManifestDefault(store);
  if (!manifest.ok) {
    if (manifest.problem === "missing") return { ok: false, error: "No model is published yet (public/models/manifest.json is missing)." };
    if (manifest.problem === "invalid") return { ok: false, error: "The model manifest names no valid default version." };
    warn("public/models/manifest.json is unreadable", manifest.error);
    return { ok: false, error: "No model is available: the model manifest is unreadable." };
  }
  const shipped = locateShipped(store, manifest.version);
  if (!shipped) return { ok: false, error: `The default model "${manifest.version}" is not published (no model.json).` };
  return { ok: true, model: { ...shipped, source: "manifest" } };
}

function parseMetrics(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The active model on disk, or null when none is published. */
export async function activeModelLocation(db: Pick<PrismaClient, "modelVersion">, store: ModelStore): Promise<ActiveModel | null> {
  const active = await resolveActiveModel(db, store);
  return active.ok ? active.model : null;
}

/**
 * The active model's charset, which is what labels are checked against: its charset.json (next to
 * its weights), else the manifest default's, else printable ASCII. An unreadable or malformed
 * file falls through to the next source; it never fails a request.
 */
export async function loadActiveCharset(db: Pick<PrismaClient, "modelVersion">, store: ModelStore): Promise<Charset> {
  const active = await activeModelLocation(db, store);
  const shipped = shippedDefaultVersion(store);
  const dirs = [active?.dir, shipped === null ? undefined : path.join(store.publicDir, shipped)];
  for (const dir of dirs) {
    const charset = dir === undefined ? undefined : readCharset(path.join(dir, "charset.json"));
    if (charset) return charset;
  }
  return DEFAULT_CHARSET;
}

function readCharset(file: string): Charset | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { chars?: unknown; blank?: unknown };
    if (!Array.isArray(parsed.chars) || !parsed.chars.every((c) => typeof c === "string")) return undefined;
    const charset: Charset = { chars: parsed.chars as string[], blank: typeof parsed.blank === "number" ? parsed.blank : 0 };
    checkCharset(charset);
    return charset;
  } catch {
    return undefined;
  }
}
