import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type AdaptationRecord, adaptationFromJson, adaptationToJson } from "../adapt/adaptation-record";
import { isSafeVersion } from "../models/active-model";
import { WriterIdSchema } from "../samples/sample-submission-schema";

/**
 * The personal adaptations that retrain jobs derived for contributing writers, on the server's
 * disk: <data>/adaptations/<version>/<writerId>.json, one AdaptationRecord each (adaptationToJson).
 * Keyed by the model version they were made on, so a page running another version never gets
 * one (and applyAdaptation would refuse it anyway: the record names its base weights). Node only.
 */
export function writerAdaptationsDir(dataDir: string, version: string): string {
  if (!isSafeVersion(version)) throw new Error(`not a model version name: ${JSON.stringify(version)}`);
  return path.join(dataDir, "adaptations", version);
}

function fileOf(dataDir: string, version: string, writerId: string): string {
  // Writer ids are 8–64 of [A-Za-z0-9_-] (WriterIdSchema): safe as file names, checked again here.
  if (!WriterIdSchema.safeParse(writerId).success) throw new Error(`not a writer id: ${JSON.stringify(writerId)}`);
  return path.join(writerAdaptationsDir(dataDir, version), `${writerId}.json`);
}

/** Stores (atomically: a crash leaves the old file or the new one, never half of one). */
export function saveWriterAdaptation(dataDir: string, version: string, writerId: string, record: AdaptationRecord): void {
  const file = fileOf(dataDir, version, writerId);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(adaptationToJson(record)));
  renameSync(tmp, file);
}

/** The writer's adaptation for that version, or null when there is none (or it no longer parses). */
export function loadWriterAdaptation(dataDir: string, version: string, writerId: string): AdaptationRecord | null {
  const file = fileOf(dataDir, version, writerId);
  if (!existsSync(file)) return null;
  try {
    return adaptationFromJson(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return null;
  }
}

/** Deletes the writer's adaptations for every version; returns how many there were. */
export function deleteWriterAdaptations(dataDir: string, writerId: string): number {
  const root = path.join(dataDir, "adaptations");
  if (!existsSync(root)) return 0;
  let deleted = 0;
  for (const version of readdirSync(root)) {
    if (!isSafeVersion(version)) continue;
    const file = fileOf(dataDir, version, writerId);
    if (existsSync(file)) {
      rmSync(file, { force: true });
      deleted++;
    }
  }
  return deleted;
}

/** Writers with an adaptation for that version. */
export function writersWithAdaptations(dataDir: string, version: string): string[] {
  const dir = writerAdaptationsDir(dataDir, version);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .filter((w) => WriterIdSchema.safeParse(w).success)
    .sort();
}
