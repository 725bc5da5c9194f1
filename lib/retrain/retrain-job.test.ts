import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";
import type { PrismaClient } from "../db";
import { loadFixtureInks } from "../ink/fixtures";
import { defaultModelConfig } from "../model/config";
import { BiLstmNetwork } from "../model/network";
import { exportModel } from "../training/export";
import { defaultBaseDataLocations } from "./base-data";
import { RetrainSupervisor } from "./job-supervisor";
import { RetrainConfigSchema, type RetrainConfigInput } from "./retrain-config";
import { runFolder } from "./run-folder";
import { parseEvalPoints, parseProgress } from "./run-progress";
import { claimNextRun, enqueueRun, recoverStaleRuns } from "./run-queue";
import { runRetrainJob } from "./run-retrain-job";
import { parseVersionMetrics } from "./version-metrics";
import { loadWriterAdaptation, writersWithAdaptations } from "./writer-adaptation-store";
import { AdaptationMismatchError, applyAdaptation } from "../adapt/adaptation-record";
import { baseFingerprint } from "../adapt/base-fingerprint";
import { readPageModelParams } from "../model/load-node";

// Real database (a fresh one with every migration, on SQLite or on PostgreSQL as DATABASE_URL
// says), real fixture inks, real training with a tiny network, real child processes: only the
// sizes are small.
const ROOT = path.resolve(__dirname, "..", "..");
const fixtures = loadFixtureInks();

describe("retraining jobs", () => {
  let dir: string;
  let database: TestDatabase;
  let databaseUrl: string;
  let db: PrismaClient;
  let root: string;
  let dataDir: string;
  const baseData = defaultBaseDataLocations(ROOT);

  const tiny = (overrides: RetrainConfigInput = {}) =>
    RetrainConfigSchema.parse({ mode: "scratch", model: { layers: 1, units: 8 }, epochs: 2, maxSteps: 6, baseData: "fixtures", baseShare: 0.5, workers: 1, augment: false, evalEvery: 3, ...overrides });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-retrain-"));
    database = await createTestDatabase("retrain");
    ({ url: databaseUrl, client: db } = database);
    // A project root of our own: a shipped parent model (tiny, random) and its manifest.
    root = path.join(dir, "root");
    const parentConfig = defaultModelConfig({ layers: 1, units: 8 });
    const net = await BiLstmNetwork.create(parentConfig);
    net.initialize(3);
    exportModel(path.join(root, "public", "models", "p0"), "p0", parentConfig, net.params().slice());
    fs.writeFileSync(path.join(root, "public", "models", "manifest.json"), JSON.stringify({ default: "p0" }));
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await db.modelVersion.deleteMany();
    await db.trainingRun.deleteMany();
    await db.sample.deleteMany();
    dataDir = fs.mkdtempSync(path.join(dir, "data-"));
    // 20 fixture words as approved contributions, 2 more pending (must be ignored).
    const words = fixtures.filter((f) => !f.text.includes(" "));
    for (const [i, f] of words.slice(0, 22).entries()) {
      await db.sample.create({
        data: { id: `s-${f.id}`, ink: JSON.stringify(f.ink), label: f.text, writerId: f.writer, source: "prompted", status: i < 20 ? "approved" : "pending", consent: true, pointCount: 1 },
      });
    }
  });

  async function claimed(config = tiny()) {
    const run = await enqueueRun(db, config);
    const claim = await claimNextRun(db);
    expect(claim?.id).toBe(run.id);
    return run;
  }

  it("trains from scratch, scores the validation and held-out sets, and publishes an inactive version", async () => {
    const run = await claimed(tiny({ epochs: 50 }));
    const outcome = await runRetrainJob(run.id, { db, root, dataDir, baseData });
    const after = await db.trainingRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.error).toBeNull();
    expect(outcome).toBe("succeeded");
    expect(after.status).toBe("succeeded");
    const progress = parseProgress(after.progress);
    expect(progress.step).toBe(6);
    expect(progress.losses.length).toBe(6);
    // The ETA's origin: training began before step 1, at or after the run started, and step 6 came later.
    expect(progress.trainingSince?.step).toBe(0);
    expect(progress.trainingSince!.atMs).toBeGreaterThanOrEqual(after.startedAt!.getTime());
    expect(progress.stepAtMs).toBeGreaterThanOrEqual(progress.trainingSince!.atMs);
    expect(progress.data).toMatchObject({ newTrain: expect.any(Number), baseSource: "fixtures", multiLineSplit: 0, multiLineSkipped: 0 });
    expect(progress.data!.newTrain + progress.data!.heldOut).toBe(20);
    expect(parseEvalPoints(after.epochMetrics).map((e) => e.step)).toEqual([3, 6]);

    const versions = await db.modelVersion.findMany();
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ active: false, trainingRunId: run.id, version: progress.version });
    const metrics = parseVersionMetrics(versions[0].metrics)!;
    expect(metrics.heldOut?.samples).toBe(progress.data!.heldOut);
    expect(metrics.parent).toBeNull();
    expect(Number.isFinite(metrics.cer)).toBe(true);
    expect(metrics.decoder).toBe("page-soft-lexicon"); // scored as the Write page reads (pageTextReader)
    expect(fs.existsSync(path.join(dataDir, "models", versions[0].version, "weights.bin"))).toBe(true);
    // The int8 form beside it (within the drift tolerance on the fixture inks), with its record.
    const int8 = JSON.parse(fs.readFileSync(path.join(dataDir, "models", versions[0].version, "model.int8.json"), "utf8"));
    expect(int8.userDefinedMetadata.inkwell.quantization.drift.samples).toBe(40);
    expect(fs.existsSync(path.join(runFolder(dataDir, run.id), "checkpoint"))).toBe(false);
  }, 120_000);

  it("fine-tunes the active (manifest default) model and scores the parent on the same sets", async () => {
    const run = await claimed(tiny({ mode: "finetune", model: undefined }));
    expect(await runRetrainJob(run.id, { db, root, dataDir, baseData })).toBe("succeeded");
    const v = await db.modelVersion.findFirstOrThrow();
    const metrics = parseVersionMetrics(v.metrics)!;
    expect(metrics.parent?.version).toBe("p0");
    expect(metrics.parent?.validation?.cer).toBeGreaterThan(0);
    expect(metrics.training).toMatchObject({ mode: "finetune", layers: 1, units: 8 });
    expect(v.version.startsWith("ft-")).toBe(true);
    // Chosen by the held-out loss among guarded evaluations, and every evaluation shows that loss on the dashboard.
    expect(metrics.selection?.rule).toBe("guarded-held-out-loss");
    const evals = parseEvalPoints((await db.trainingRun.findUniqueOrThrow({ where: { id: run.id } })).epochMetrics);
    expect(evals.length).toBeGreaterThan(1);
    for (const e of evals) expect(Number.isFinite(e.heldOutLoss)).toBe(true);
  }, 120_000);

  it("derives each contributing writer's personal adaptation on the new weights, bound to them", async () => {
    // One writer (a page's anonymous id) with 32 approved lines; the fixture writers' dataset names are no page's ids.
    for (const [i, f] of fixtures.slice(0, 32).entries()) {
      await db.sample.create({ data: { id: `p-${i}`, ink: JSON.stringify(f.ink), label: f.text, writerId: "page-writer-1", source: "corrected", status: "approved", consent: true, pointCount: 1 } });
    }
    const run = await claimed(tiny({ mode: "finetune", model: undefined }));
    expect(await runRetrainJob(run.id, { db, root, dataDir, baseData })).toBe("succeeded");
    const v = await db.modelVersion.findFirstOrThrow();
    expect(parseVersionMetrics(v.metrics)!.personal).toMatchObject({ writers: 1, lines: 32 });
    expect(writersWithAdaptations(dataDir, v.version)).toEqual(["page-writer-1"]);
    const record = loadWriterAdaptation(dataDir, v.version, "page-writer-1")!;
    expect(record).toMatchObject({ origin: "server", samples: 32, vocabulary: [], base: { version: v.version } });
    // Bound to the published files as a page loads them, and refused on any other weights.
    const published = readPageModelParams(path.join(dataDir, "models", v.version));
    expect(published.file).toBe("model.int8.json"); // the file the page loads
    expect(record.base.fingerprint).toBe(baseFingerprint(published.config, published.params));
    expect(applyAdaptation(published.config, v.version, published.params, record)).toHaveLength(published.params.length);
    const other = published.params.slice();
    other[0] += 1e-3;
    expect(() => applyAdaptation(published.config, v.version, other, record)).toThrow(AdaptationMismatchError);
  }, 120_000);

  it("derives no personal adaptation when the run is told not to", async () => {
    for (const [i, f] of fixtures.slice(0, 32).entries()) {
      await db.sample.create({ data: { id: `p-${i}`, ink: JSON.stringify(f.ink), label: f.text, writerId: "page-writer-1", source: "corrected", status: "approved", consent: true, pointCount: 1 } });
    }
    const run = await claimed(tiny({ personalAdaptations: false }));
    expect(await runRetrainJob(run.id, { db, root, dataDir, baseData })).toBe("succeeded");
    const v = await db.modelVersion.findFirstOrThrow();
    expect(parseVersionMetrics(v.metrics)!.personal).toBeUndefined();
    expect(writersWithAdaptations(dataDir, v.version)).toEqual([]);
  }, 120_000);

  it("fails clearly with nothing to train on, and publishes nothing", async () => {
    await db.sample.deleteMany();
    const run = await claimed(tiny({ baseShare: 0 }));
    expect(await runRetrainJob(run.id, { db, root, dataDir, baseData })).toBe("failed");
    const after = await db.trainingRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.error).toMatch(/nothing to train on/);
    expect(await db.modelVersion.count()).toBe(0);
  }, 60_000);

  it("runs one job at a time: a second run waits in the queue", async () => {
    const a = await enqueueRun(db, tiny());
    const b = await enqueueRun(db, tiny());
    expect((await claimNextRun(db))?.id).toBe(a.id);
    expect(await claimNextRun(db)).toBeNull();
    await db.trainingRun.update({ where: { id: a.id }, data: { status: "succeeded" } });
    expect((await claimNextRun(db))?.id).toBe(b.id);
  });

  it("a job process killed mid-run leaves the active model untouched; its checkpoint resumes exactly", async () => {
    // The active model is a trained version under DATA_DIR/models, so the child (on the real project root) finds it.
    const parentDir = path.join(dataDir, "models", "p0");
    fs.cpSync(path.join(root, "public", "models", "p0"), parentDir, { recursive: true });
    await db.modelVersion.create({ data: { version: "p0", metrics: "{}", weightsPath: "data/models/p0/model.json", active: true } });
    const weightsBefore = fs.readFileSync(path.join(parentDir, "weights.bin"));
    const run = await claimed(tiny({ mode: "finetune", model: undefined, maxSteps: 400, epochs: 100, evalEvery: 200 }));
    const child = fork(path.join(ROOT, "scripts", "retrain-job.ts"), [run.id], {
      cwd: ROOT,
      execArgv: ["--import", "tsx"],
      env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir },
      stdio: "pipe",
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const deadline = Date.now() + 90_000;
    let step = 0;
    while (Date.now() < deadline) {
      const r = await db.trainingRun.findUniqueOrThrow({ where: { id: run.id } });
      step = parseProgress(r.progress).step;
      if (step >= 12 && fs.existsSync(path.join(runFolder(dataDir, run.id), "checkpoint", "state.json"))) break;
      if (r.status !== "running") throw new Error(`job ended early: ${r.status} ${r.error}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(step).toBeGreaterThanOrEqual(12);
    child.kill("SIGKILL");
    await exited;

    // Nothing published, the active row and its files unchanged.
    expect(await db.modelVersion.findMany({ select: { version: true, active: true } })).toEqual([{ version: "p0", active: true }]);
    expect(fs.readFileSync(path.join(parentDir, "weights.bin")).equals(weightsBefore)).toBe(true);
    expect(fs.readdirSync(path.join(dataDir, "models"))).toEqual(["p0"]);

    // Server restart: the stale run is queued again and the next job resumes from the checkpoint.
    const recovered = await recoverStaleRuns(db, { staleMs: 0, now: new Date(Date.now() + 1000), hasCheckpoint: () => true });
    expect(recovered.resumed).toEqual([run.id]);
    expect((await claimNextRun(db))?.id).toBe(run.id);
    await db.trainingRun.update({ where: { id: run.id }, data: { config: JSON.stringify(tiny({ mode: "finetune", model: undefined, maxSteps: 20, epochs: 100, evalEvery: 200 })) } });
    expect(await runRetrainJob(run.id, { db, root, dataDir, baseData })).toBe("succeeded");
    const log = fs.readFileSync(path.join(runFolder(dataDir, run.id), "job.log"), "utf8");
    expect(log).toMatch(/resumed from step (1[2-9]|[2-9]\d)/);
    const after = await db.trainingRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.attempts).toBe(2);
    expect(await db.modelVersion.findMany({ where: { active: true }, select: { version: true } })).toEqual([{ version: "p0" }]);
    expect(fs.readFileSync(path.join(parentDir, "weights.bin")).equals(weightsBefore)).toBe(true);
  }, 180_000);

  it("the supervisor starts queued runs in a child process and fails a run whose job is killed", async () => {
    const lines: string[] = [];
    const supervisor = new RetrainSupervisor({
      db,
      root: ROOT,
      dataDir,
      tickMs: 60_000,
      log: (l) => lines.push(l),
      spawnJob: (id) =>
        fork(path.join(ROOT, "scripts", "retrain-job.ts"), [id], {
          cwd: ROOT,
          execArgv: ["--import", "tsx"],
          env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir },
          stdio: ["ignore", "pipe", "pipe", "ipc"],
        }),
    });
    const run = await enqueueRun(db, tiny({ maxSteps: 400, epochs: 100, evalEvery: 200 }));
    await supervisor.tick();
    expect(supervisor.currentRunId).toBe(run.id);
    const deadline = Date.now() + 90_000;
    let pid: number | null = null;
    while (Date.now() < deadline && !pid) {
      const p = parseProgress((await db.trainingRun.findUniqueOrThrow({ where: { id: run.id } })).progress);
      if (p.step >= 2) pid = p.pid;
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, "SIGKILL");
    while (Date.now() < deadline && (await db.trainingRun.findUniqueOrThrow({ where: { id: run.id } })).status === "running") await new Promise((r) => setTimeout(r, 100));
    const after = await db.trainingRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.status).toBe("failed");
    expect(after.error).toMatch(/killed by SIGKILL.*active model was not changed/);
    expect(await db.modelVersion.count()).toBe(0);
    supervisor.stop();
  }, 120_000);
});
