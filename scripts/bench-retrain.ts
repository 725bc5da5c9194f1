/**
 * npm exec tsx scripts/bench-retrain.ts -- [--samples 1000] [--epochs 3] [--base-share 0.5] [--workers 2] [--parent-run runs/NAME]
 *
 * Times a real fine-tune job end to end, the way the dashboard runs it: a fresh SQLite database
 * holding N real UNIPEN word samples (from ../shared/data, training writers) as approved
 * "contributions", then runRetrainJob() with mode "finetune" from the shipped default model,
 * the base share and the fixed validation set. Prints the phases' durations from the job log.
 * --parent-run fine-tunes the best weights of a training run's checkpoint instead (made the
 * active version of the bench database), for a parent that actually reads handwriting.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createPrismaClient } from "../lib/db";
import { toInk } from "../lib/training/dataset";
import { DEFAULT_DATA_DIR, fixedSubset, loadSplit } from "../lib/training/unipen";
import { RetrainConfigSchema } from "../lib/retrain/retrain-config";
import { claimNextRun, enqueueRun } from "../lib/retrain/run-queue";
import { runRetrainJob } from "../lib/retrain/run-retrain-job";
import { runFolder } from "../lib/retrain/run-folder";
import { parseVersionMetrics } from "../lib/retrain/version-metrics";
import { loadCheckpoint } from "../lib/training/train";
import { exportModel } from "../lib/training/export";

async function main() {
  const { values } = parseArgs({ options: { samples: { type: "string", default: "1000" }, epochs: { type: "string", default: "3" }, "base-share": { type: "string", default: "0.5" }, workers: { type: "string", default: "2" }, "parent-run": { type: "string" } } });
  const root = process.cwd();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-bench-retrain-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  execFileSync(process.execPath, [path.join(root, "scripts", "db.mjs"), "migrate"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  const db = createPrismaClient(url);
  const split = await loadSplit([path.join(DEFAULT_DATA_DIR, "unipen-words.jsonl.gz")]);
  const picked = fixedSubset(split.trainWords, Number(values.samples), 99);
  for (const s of picked) {
    const ink = toInk(s);
    await db.sample.create({ data: { id: `bench-${s.id}`, ink: JSON.stringify(ink), label: s.text, writerId: s.writer, source: "prompted", status: "approved", consent: true, pointCount: s.coords.length / 2 } });
  }
  console.log(`${picked.length} real UNIPEN words stored as approved samples`);
  // Persistent, so the base-data cache built by the first run is reused (as on a server).
  const dataDir = path.join(root, "tmp", "bench-retrain-data");
  const config = RetrainConfigSchema.parse({ mode: "finetune", epochs: Number(values.epochs), baseShare: Number(values["base-share"]), workers: Number(values.workers) });
  const run = await enqueueRun(db, config);
  await claimNextRun(db);
  if (values["parent-run"]) {
    const ck = loadCheckpoint(path.join(values["parent-run"], "checkpoint"));
    exportModel(path.join(dataDir, "models", "parent"), "parent", ck.config.model, ck.best ?? ck.params, { from: values["parent-run"], step: ck.state.step });
    await db.modelVersion.create({ data: { version: "parent", metrics: "{}", weightsPath: "data/models/parent/model.json", active: true } });
    console.log(`parent: ${values["parent-run"]} at step ${ck.state.step}`);
  }
  const t0 = Date.now();
  const outcome = await runRetrainJob(run.id, { db, root, dataDir, log: (l) => console.log(l) });
  const seconds = (Date.now() - t0) / 1000;
  const version = await db.modelVersion.findFirst({ where: { trainingRunId: run.id } });
  const after = await db.trainingRun.findUniqueOrThrow({ where: { id: run.id } });
  console.log(JSON.stringify({ outcome, error: after.error, seconds, cores: os.cpus().length, loadavg: os.loadavg(), config, metrics: version ? parseVersionMetrics(version.metrics) : null }, null, 2));
  console.log(`job log: ${path.join(runFolder(dataDir, run.id), "job.log")}`);
  await db.$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
