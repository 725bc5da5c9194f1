import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { readDatasetJsonl } from "../../lib/ink/formats/dataset-jsonl-read";
import type { InkSample } from "../../lib/ink/formats/ink-sample";
import { readModelDir } from "../../lib/model/load-node";

/**
 * The record of which UNIPEN fixtures the e2e replays on the Write page: the ones the shipped
 * model transcribes exactly, as found by scripts/select-e2e-fixtures.ts for one model version.
 */
export const WriteFixturesSchema = z.object({
  /** The model version the selection ran against; the e2e checks the page serves the same one. */
  modelVersion: z.string().min(1),
  /** sha256 of the weights it ran, so a version folder re-exported under the same name is caught too. */
  weightsSha256: z.string().regex(/^[0-9a-f]{64}$/),
  generatedAt: z.string(),
  /** How the script decoded (must equal the page's decoding, recorded for the reader). */
  decoding: z.record(z.string(), z.unknown()),
  replayBox: z.object({ width: z.number().positive(), height: z.number().positive() }),
  /** Every fixture tried and what the model read, so a reader can see how close the misses are. */
  tried: z.number().int().nonnegative(),
  words: z.array(z.object({ id: z.string(), text: z.string() })),
  lines: z.array(z.object({ id: z.string(), text: z.string() })),
  misses: z.array(z.object({ id: z.string(), text: z.string(), read: z.string() })),
});
export type WriteFixtures = z.infer<typeof WriteFixturesSchema>;

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const WRITE_FIXTURES_PATH = path.join(REPO_ROOT, "e2e", "fixtures", "write-fixtures.json");
export const UNIPEN_FIXTURES_JSONL = path.join(REPO_ROOT, "lib", "ink", "fixtures", "unipen-fixtures.jsonl");

export function readWriteFixtures(): WriteFixtures {
  return WriteFixturesSchema.parse(JSON.parse(readFileSync(WRITE_FIXTURES_PATH, "utf8")));
}

/** The committed UNIPEN fixture inks by id (throws on a bad record: a broken fixture must fail loudly). */
export function readUnipenFixtures(): Map<string, InkSample> {
  const results = readDatasetJsonl(readFileSync(UNIPEN_FIXTURES_JSONL, "utf8"));
  const out = new Map<string, InkSample>();
  for (const r of results) {
    if (!r.ok) throw new Error(`bad fixture record at line ${r.line}: ${r.error}`);
    out.set(r.sample.id, r.sample);
  }
  return out;
}

/** A line is a fixture whose label has a space; everything else is a word. */
export const isLine = (text: string) => /\s/.test(text.trim());

/** sha256 (hex) of a model directory's weight bytes, in manifest order. */
export function weightsSha256(modelDir: string): string {
  return createHash("sha256").update(readModelDir(modelDir).weightData).digest("hex");
}

/** Where the shipped model `version` lives on disk. */
export const shippedModelDir = (version: string) => path.join(REPO_ROOT, "public", "models", version);
