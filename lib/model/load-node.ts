import { readFileSync, existsSync } from "node:fs";
import path from "node:path";

/** Reads a model directory (model.json + weight files) from disk, for Node scripts and the server. */
export function readModelDir(dir: string): { modelJson: unknown; weightData: Uint8Array } {
  const file = path.join(dir, "model.json");
  if (!existsSync(file)) throw new Error(`no model.json in ${dir}`);
  let modelJson: { weightsManifest?: { paths: string[] }[] };
  try {
    modelJson = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const parts = (modelJson.weightsManifest ?? []).flatMap((g) => g.paths).map((p) => readFileSync(path.join(dir, p)));
  return { modelJson, weightData: new Uint8Array(Buffer.concat(parts)) };
}
