/**
 * npm run train -- [--data FILE]... [--run DIR] [--resume] [--units N] [--layers N] [--lr X]
 *                  [--batch-frames N] [--eval-every N] [--max-steps N] [--epochs N] [--workers N]
 *                  [--init public/models/VERSION] [--export DIR --version NAME]
 *
 * Trains the BiLSTM-CTC recognizer on dataset JSONL(.gz) files (default: ../shared/data UNIPEN
 * words + text) with a writer-disjoint validation split, synthetic lines and augmentation.
 * Checkpoints go to <run>/checkpoint; --resume continues exactly where a killed run stopped;
 * --init starts from a model version's weights (its architecture and charset too) to fine-tune it.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { defaultTrainConfig, train } from "../lib/training/train";
import { defaultModelConfig } from "../lib/model/config";
import { DEFAULT_DATA_DIR, fixedSubset, loadSplit, syntheticLines } from "../lib/training/unipen";
import { exportModel } from "../lib/training/export";
import { readModelParams } from "../lib/model/load-node";

function fail(msg: string): never {
  process.stderr.write(`train: ${msg}\n`);
  process.exit(2);
}

function int(v: string | undefined, name: string, min = 1): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return n;
}

async function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        data: { type: "string", multiple: true },
        run: { type: "string", default: "runs/default" },
        resume: { type: "boolean", default: false },
        units: { type: "string" },
        layers: { type: "string" },
        lr: { type: "string" },
        "batch-frames": { type: "string" },
        "eval-every": { type: "string" },
        "max-steps": { type: "string" },
        epochs: { type: "string" },
        workers: { type: "string" },
        init: { type: "string" },
        export: { type: "string" },
        version: { type: "string" },
      },
      strict: true,
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  const files = args.data ?? [path.join(DEFAULT_DATA_DIR, "unipen-words.jsonl.gz"), path.join(DEFAULT_DATA_DIR, "unipen-text.jsonl.gz")];
  const lr = args.lr === undefined ? undefined : Number(args.lr);
  if (lr !== undefined && !(lr > 0 && lr < 1)) fail(`--lr must be in (0, 1), got "${args.lr}"`);
  if (args.export && !args.version) fail("--export needs --version NAME");

  if (args.init && (args.units || args.layers)) fail("--init takes the architecture from the model; drop --units/--layers");
  if (args.init && args.resume) fail("--init and --resume both choose the starting weights; use one");
  let initParams: Float32Array | undefined;
  let model = defaultModelConfig({
    ...(args.units ? { units: int(args.units, "units", 4)! } : {}),
    ...(args.layers ? { layers: int(args.layers, "layers")! } : {}),
  });
  if (args.init) {
    try {
      ({ config: model, params: initParams } = readModelParams(args.init));
    } catch (e) {
      fail(`cannot load --init ${args.init}: ${(e as Error).message}`);
    }
  }
  const cfg = defaultTrainConfig({
    model,
    ...(lr ? { lr } : {}),
    ...(args["batch-frames"] ? { batchFrames: int(args["batch-frames"], "batch-frames", 100)! } : {}),
    ...(args["eval-every"] ? { evalEvery: int(args["eval-every"], "eval-every")! } : {}),
    ...(args["max-steps"] ? { maxSteps: int(args["max-steps"], "max-steps")! } : {}),
    ...(args.epochs ? { epochs: int(args.epochs, "epochs")! } : {}),
    ...(args.workers ? { workers: int(args.workers, "workers")! } : {}),
  });

  const log = (s: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`);
  const split = await loadSplit(files, log);
  for (const s of split.skipped.slice(0, 20)) log(`bad record ${path.basename(s.file)}:${s.line}: ${s.reason}`);
  const valWords = fixedSubset(split.valWords, cfg.evalWords, 7);
  const valLines = [...fixedSubset(split.valLines, Math.ceil(cfg.evalLines / 2), 8), ...syntheticLines(split.valWords, Math.floor(cfg.evalLines / 2), 9)];
  log(`train: ${split.trainWords.length} words + ${split.trainLines.length} lines; validation subset: ${valWords.length} words, ${valLines.length} lines (writer-disjoint)`);

  const tty = process.stderr.isTTY;
  let lastPrint = 0;
  const result = await train(
    { train: [...split.trainWords, ...split.trainLines], valWords, valLines },
    cfg,
    args.run!,
    {
      log,
      onStep: (s) => {
        const now = Date.now();
        if (!tty && now - lastPrint < 30_000) return;
        lastPrint = now;
        const bar = "#".repeat(Math.round(s.epochProgress * 30)).padEnd(30, ".");
        const eta = Number.isFinite(s.etaSec) ? `${Math.floor(s.etaSec / 60)}m${String(Math.round(s.etaSec % 60)).padStart(2, "0")}s` : "?";
        const line = `epoch ${s.epoch + 1} [${bar}] ${(100 * s.epochProgress).toFixed(1)}% step ${s.step} loss ${s.loss.toFixed(3)} lr ${s.lr.toExponential(1)} ${s.samplesPerSec.toFixed(1)} samples/s ETA ${eta}`;
        if (tty) process.stderr.write(`\r${line}   `);
        else log(line);
      },
    },
    { resume: args.resume, params: initParams },
  );
  if (tty) process.stderr.write("\n");
  const best = result.history.reduce((a, b) => (b.cer < a.cer ? b : a), result.history[0]);
  log(`done at step ${result.state.step}: best validation CER ${(100 * best.cer).toFixed(2)}% at step ${best.step}`);
  if (args.export) {
    const dir = exportModel(args.export, args.version!, cfg.model, result.best, { bestEval: best, steps: result.state.step, trainSeconds: result.state.trainSeconds });
    log(`exported to ${dir}`);
  }
}

main().catch((e) => {
  process.stderr.write(`train: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
