/**
 * npm run export-model -- --run runs/NAME --version VERSION [--out public/models/VERSION] [--current] [--float32] [--default] [--no-int8]
 *
 * Exports a training run's best weights (or --current: the latest) as a model version directory
 * (tfjs layers-model + config/charset + model card stub), and with --default makes it the
 * version public/models/manifest.json serves. Beside the float form it writes the int8 form
 * (model.int8.json + weights.int8.bin + quantization.json), after comparing its logits with the
 * float ones on the committed fixture inks: beyond INT8_DRIFT_TOLERANCE (lib/model/int8-drift.ts)
 * nothing is exported. --no-int8 writes the float form only.
 */
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadCheckpoint } from "../lib/training/train";
import { BiLstmNetwork } from "../lib/model/network";
import { exportModel, exportModelWithInt8 } from "../lib/training/export";
import { isSafeVersion, modelStore, setShippedDefaultVersion } from "../lib/models/active-model";
import { loadFixtureInks } from "../lib/ink/fixtures";

const fail = (m: string): never => {
  process.stderr.write(`export-model: ${m}\n`);
  process.exit(2);
};

let o;
try {
  o = parseArgs({ options: { run: { type: "string" }, version: { type: "string" }, out: { type: "string" }, current: { type: "boolean", default: false }, float32: { type: "boolean", default: false }, default: { type: "boolean", default: false }, "no-int8": { type: "boolean", default: false } } }).values;
} catch (e) {
  fail((e as Error).message);
}
if (!o!.run || !o!.version) fail("--run and --version are required");
if (!isSafeVersion(o!.version)) fail(`--version must be 1-64 of [A-Za-z0-9._-], got "${o!.version}"`);
const ckpt = path.join(o!.run!, "checkpoint");
if (!existsSync(path.join(ckpt, "state.json"))) fail(`no checkpoint in ${o!.run}`);
const ck = loadCheckpoint(ckpt);

async function main() {
  await checkConversion(path.join(ckpt, "check.json"));
  const params = o!.current || !ck.best ? ck.params : ck.best;
  const best = ck.history.reduce((a, b) => (b.cer < a.cer ? b : a), ck.history[0]);
  const out = o!.out ?? path.join("public/models", o!.version!);
  const info = {
      steps: ck.state.step,
      trainSeconds: ck.state.trainSeconds,
      samplesSeen: ck.state.samplesSeen,
      bestTrainingEval: best,
      // Which trainer and hardware produced the weights (the GPU trainer records both; the TypeScript one runs here).
      trainer: (ck.config as { trainer?: string }).trainer ?? "lib/training/train.ts",
      hardware: (ck.state as { hardware?: string }).hardware ?? `CPU (${os.cpus().length} cores), WebAssembly SIMD kernels`,
    };
  if (o!["no-int8"]) exportModel(out, o!.version!, ck.config.model, params, info, !o!.float32);
  else {
    const r = await exportModelWithInt8(out, o!.version!, ck.config.model, params, info, { float16: !o!.float32, driftInks: loadFixtureInks().map((f) => f.ink) });
    const d = r.drift;
    console.log(`int8 form: ${r.int8Bytes.toLocaleString()} bytes of weights (float form ${r.floatBytes.toLocaleString()}); drift on ${d.samples} fixture inks: mean |Δlogit| ${d.meanAbsLogit.toFixed(4)}, max ${d.maxAbsLogit.toFixed(3)}, ${(100 * d.argmaxFlipRate).toFixed(2)}% of frames change their top class, ${(100 * d.readingChangeRate).toFixed(1)}% of greedy readings change`);
  }
  console.log(`exported ${o!.current ? "current" : "best"} weights of ${o!.run} (step ${ck.state.step}) to ${out}`);
  if (o!.default) {
    setShippedDefaultVersion(modelStore(process.cwd()), o!.version!);
    console.log(`public/models/manifest.json now serves ${o!.version}`);
  }
}

main().catch((e) => fail(e instanceof Error ? e.message : String(e)));

/**
 * A checkpoint written by another framework (scripts/gpu/train_ctc.py) carries features and that
 * framework's logits for a few samples; lib/model must reproduce them from params.bin, or the
 * weight layout was converted wrongly and nothing is exported.
 */
async function checkConversion(file: string): Promise<void> {
  if (!existsSync(file)) return;
  const cases: { steps: number; features: number[]; logits: number[] }[] = JSON.parse(readFileSync(file, "utf8"));
  const net = await BiLstmNetwork.create(ck.config.model);
  net.params().set(ck.params);
  net.syncDerived();
  const { logits } = net.forward({ features: cases.map((c) => Float32Array.from(c.features)), lengths: cases.map((c) => c.steps) });
  let worst = 0;
  cases.forEach((c, b) => c.logits.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - logits[b][i])))));
  // Both run float32 LSTMs over ≤ a few hundred steps; 1e-3 is far above their rounding and far below a layout slip.
  if (!(worst < 1e-3)) fail(`params.bin does not reproduce the trainer's logits (max |Δ| ${worst.toExponential(2)} on ${cases.length} samples): not exported`);
  console.log(`conversion check: ${cases.length} samples, max |Δlogit| ${worst.toExponential(2)}`);
}
