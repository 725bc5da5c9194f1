/**
 * npm run export-model -- --run runs/NAME --version VERSION [--out public/models/VERSION] [--current] [--float32] [--default]
 *
 * Exports a training run's best weights (or --current: the latest) as a model version directory
 * (tfjs layers-model + config/charset + model card stub), and with --default makes it the
 * version public/models/manifest.json serves.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadCheckpoint } from "../lib/training/train";
import { exportModel } from "../lib/training/export";

const fail = (m: string): never => {
  process.stderr.write(`export-model: ${m}\n`);
  process.exit(2);
};

let o;
try {
  o = parseArgs({ options: { run: { type: "string" }, version: { type: "string" }, out: { type: "string" }, current: { type: "boolean", default: false }, float32: { type: "boolean", default: false }, default: { type: "boolean", default: false } } }).values;
} catch (e) {
  fail((e as Error).message);
}
if (!o!.run || !o!.version) fail("--run and --version are required");
if (!/^[A-Za-z0-9._-]{1,64}$/.test(o!.version!)) fail(`--version must be 1-64 of [A-Za-z0-9._-], got "${o!.version}"`);
const ckpt = path.join(o!.run!, "checkpoint");
if (!existsSync(path.join(ckpt, "state.json"))) fail(`no checkpoint in ${o!.run}`);
const ck = loadCheckpoint(ckpt);
const params = o!.current || !ck.best ? ck.params : ck.best;
const best = ck.history.reduce((a, b) => (b.cer < a.cer ? b : a), ck.history[0]);
const out = o!.out ?? path.join("public/models", o!.version!);
exportModel(out, o!.version!, ck.config.model, params, { steps: ck.state.step, trainSeconds: ck.state.trainSeconds, samplesSeen: ck.state.samplesSeen, bestTrainingEval: best }, !o!.float32);
console.log(`exported ${o!.current ? "current" : "best"} weights of ${o!.run} (step ${ck.state.step}) to ${out}`);
if (o!.default) {
  const manifestPath = "public/models/manifest.json";
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : {};
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, default: o!.version }, null, 2) + "\n");
  console.log(`${manifestPath} now serves ${o!.version}`);
}
