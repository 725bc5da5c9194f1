import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type ModelConfig } from "../model/config";
import { decodeModel } from "../model/format";
import { readModelDir } from "../model/load-node";
import { weightsToParams } from "../model/param-block";

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

/** Versions are folder names and URL segments: a safe alphabet only (same rule as /api/models/active). */
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
  const shipped = path.join(store.publicDir, version);
  if (existsSync(path.join(shipped, "model.json"))) return { version, dir: shipped, url: `/models/${version}`, kind: "shipped" };
  return null;
}

/** The version public/models/manifest.json names as default, or null. */
export function shippedDefaultVersion(store: ModelStore): string | null {
  try {
    const m = JSON.parse(readFileSync(path.join(store.publicDir, "manifest.json"), "utf8")) as { default?: unknown };
    return isSafeVersion(m.default) ? m.default : null;
  } catch {
    return null;
  }
}

/** A model's config and its parameters in one block, laid out in paramSpecs order (what train() takes). */
export function readModelParams(dir: string): { config: ModelConfig; params: Float32Array; version: string } {
  const { modelJson, weightData } = readModelDir(dir);
  const { meta, weights } = decodeModel(modelJson, weightData);
  return { config: meta.config, params: weightsToParams(meta.config, weights), version: meta.version };
}
