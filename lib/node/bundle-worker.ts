import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSync } from "esbuild";
import { env } from "../env";

const bundles = new Map<string, string>();

/**
 * Worker threads need plain JavaScript, and the runner (tsx, Vitest, Next's server) differs
 * from one caller to the next, so a worker entry is bundled once per process with esbuild
 * (~0.1 s) into a self-contained ES module, wasm kernels included. `entry` is relative to the
 * project root (env.INKWELL_ROOT), so bundlers that move the calling file still find it.
 */
export function bundleWorker(entry: string): string {
  const cached = bundles.get(entry);
  if (cached) return cached;
  const outfile = path.join(mkdtempSync(path.join(tmpdir(), "inkwell-worker-")), `${path.basename(entry, path.extname(entry))}.mjs`);
  buildSync({
    entryPoints: [path.join(env.INKWELL_ROOT, entry)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "error",
  });
  bundles.set(entry, outfile);
  return outfile;
}
