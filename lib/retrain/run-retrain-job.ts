import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../db";
import { InkSchema, type Ink } from "../ink/types";
import { defaultModelConfig, type ModelConfig } from "../model/config";
import { readModelParams, readPageModelParams } from "../model/load-node";
import { PAGE_DECODER_TAG, pageTextReader } from "../model/page-decoding";
import { loadShippedLanguageModels } from "../ctc/shipped-language-models-node";
import { activeModelLocation, modelStore } from "../models/active-model";
import { compactFromInk, type CompactSample } from "../training/dataset";
import { exportModel, exportModelWithInt8, Int8DriftError } from "../training/export";
import { loadFixtureInks } from "../ink/fixtures";
import { defaultTrainConfig, selectedEvaluation, selectionRule, startEvaluation, train, type EvalResult } from "../training/train";
import { pickBaseSamples } from "./pick-base-samples";
import { WorkerPool } from "../training/worker-pool";
import { appendToCurve } from "./append-to-curve";
import { type BaseDataLocations, defaultBaseDataLocations } from "./base-data";
import { loadBaseDataCached } from "./base-data-cache";
import { baseSampleCount } from "./base-sample-count";
import { estimateStepsPerEpoch } from "./estimate-steps-per-epoch";
import { splitHeldOut } from "./held-out-split";
import { validationWithoutWriters } from "./validation-without-writers";
import { trainingLines } from "./training-lines";
import { learningRateFor, RetrainConfigSchema, SCRATCH_MODEL_DEFAULTS } from "./retrain-config";
import { etaSeconds } from "./run-eta";
import { runFolder } from "./run-folder";
import { type EvalPoint, LOSS_CURVE_POINTS, parseEvalPoints, parseProgress, type RunProgress } from "./run-progress";
import { type SetScore, setScoreOf, type ValidationScore, validationScoreOf } from "./eval-scores";
import { scoreSet, scoreValidation } from "./score-params";
import type { VersionMetrics } from "./version-metrics";
import { versionNameFor } from "./version-name";
import { deriveWriterAdaptations, writersToAdapt } from "./derive-writer-adaptations";
import { adaptWriterOnThread } from "./adapt-writer-thread";
import { loadWriterAdaptation, saveWriterAdaptation } from "./writer-adaptation-store";
import { readReplaySetFrom } from "../adapt/replay-set-source";
import { parseReplaySet } from "../adapt/replay-set";
import { baseFingerprint } from "../adapt/base-fingerprint";
import { PERSONALIZE_MIN_SAMPLES } from "../adapt/personal-sample";

export interface JobContext {
  db: PrismaClient;
  /** Project root (public/models, lib/ink/fixtures, lib/training for the worker bundle). */
  root: string;
  /** Server state folder (DATA_DIR): trained models, run folders. */
  dataDir: string;
  baseData?: BaseDataLocations;
  log?: (line: string) => void;
  /** How often the job proves it is alive and looks for a cancel request. */
  heartbeatMs?: number;
}

/** What the job froze at its first start, so a resumed run trains on exactly the same data. */
interface Selection {
  parent: { version: string; dir: string } | null;
  samples: { id: string; text: string; writer: string; ink: Ink }[];
  skipped: number;
}

class RunCancelled extends Error {}

const BASE_SUBSET_SEED = 11;
/**
 * The repository this code is in, for the assets that ship with it (the language models), found
 * from this file as the ink fixtures are: a job's `root` may be another project folder (tests).
 */
const CODE_ROOT = path.join(import.meta.dirname, "..", "..");

function writeJsonAtomic(file: string, value: unknown): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, file);
}

async function freezeSelection(ctx: JobContext, mode: "finetune" | "scratch", file: string): Promise<Selection> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Selection;
  let parent: Selection["parent"] = null;
  if (mode === "finetune") {
    const active = await activeModelLocation(ctx.db, modelStore(ctx.root, ctx.dataDir));
    if (!active) throw new Error("there is no active model to fine-tune (no active version and no public/models/manifest.json default); train from scratch instead");
    parent = { version: active.version, dir: active.dir };
  }
  const rows = await ctx.db.sample.findMany({ where: { status: "approved", consent: true }, orderBy: { id: "asc" }, select: { id: true, label: true, writerId: true, ink: true } });
  const samples: Selection["samples"] = [];
  let skipped = 0;
  for (const r of rows) {
    let parsed;
    try {
      parsed = InkSchema.safeParse(JSON.parse(r.ink));
    } catch {
      parsed = { success: false as const };
    }
    if (parsed.success && parsed.data.strokes.length > 0) samples.push({ id: r.id, text: r.label, writer: r.writerId, ink: parsed.data });
    else skipped++;
  }
  const selection: Selection = { parent, samples, skipped };
  writeJsonAtomic(file, selection);
  return selection;
}

/**
 * One retraining job, from a claimed ("running") TrainingRun to a published-but-inactive
 * ModelVersion. Runs in its own process (scripts/retrain-job.ts), never in a request.
 *
 * 1. Freeze the data: approved, consented samples (and the parent model for fine-tunes), so a
 *    resume after a crash sees the same data; split off the held-out part by id hash.
 * 2. Mix in `baseShare` of base data; take the fixed validation set.
 * 3. train(): from the parent's weights, from scratch, or resumed from the run's checkpoint;
 *    progress, heartbeats and evaluations go to the TrainingRun row; a cancel request stops it.
 * 4. Score the best weights (and the parent) on the validation and held-out sets.
 * 5. Export atomically to <data>/models/<version>/, then in one transaction add the
 *    ModelVersion (inactive) and mark the run succeeded. The active model is never touched.
 */
export async function runRetrainJob(runId: string, ctx: JobContext): Promise<"succeeded" | "failed" | "cancelled"> {
  const { db } = ctx;
  const dir = runFolder(ctx.dataDir, runId);
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, "job.log");
  const log = (line: string) => {
    const stamped = `[${new Date().toISOString()}] ${line}`;
    appendFileSync(logFile, stamped + "\n");
    ctx.log?.(stamped);
  };

  const run = await db.trainingRun.findUnique({ where: { id: runId } });
  if (!run) throw new Error(`no training run ${runId}`);
  if (run.status !== "running") throw new Error(`training run ${runId} is ${run.status}; only a claimed (running) run can be started`);
  const config = RetrainConfigSchema.parse(JSON.parse(run.config));
  await db.trainingRun.update({ where: { id: runId }, data: { attempts: { increment: 1 }, heartbeatAt: new Date(), error: null } });

  let progress: RunProgress = { ...parseProgress(run.progress), pid: process.pid, phase: "loading", message: "loading data" };
  const evals: EvalPoint[] = parseEvalPoints(run.epochMetrics);
  let cancelRequested = run.cancelRequested;
  let lastFlush = 0;
  const flush = async (force = false) => {
    if (!force && Date.now() - lastFlush < 1000) return;
    lastFlush = Date.now();
    await db.trainingRun.update({ where: { id: runId }, data: { progress: JSON.stringify(progress), epochMetrics: JSON.stringify(evals), heartbeatAt: new Date() } });
  };
  // The heartbeat also runs while the main thread awaits data loading and evaluations.
  const heartbeat = setInterval(() => {
    db.trainingRun
      .findUnique({ where: { id: runId }, select: { cancelRequested: true, status: true } })
      .then((r) => {
        if (!r || r.cancelRequested || r.status !== "running") cancelRequested = true;
        return db.trainingRun.updateMany({ where: { id: runId, status: "running" }, data: { heartbeatAt: new Date() } });
      })
      .catch((e) => log(`heartbeat failed: ${(e as Error).message}`));
  }, ctx.heartbeatMs ?? 3000);

  try {
    await flush(true);
    log(`run ${runId} (attempt ${run.attempts + 1}): ${JSON.stringify({ ...config, lr: learningRateFor(config) })}`);

    // 1. Data selection, frozen at the first start.
    const selection = await freezeSelection(ctx, config.mode, path.join(dir, "selection.json"));
    // Held out by sample, then split into lines, so the lines of one note never sit on both sides.
    const held = splitHeldOut(selection.samples);
    const lines = { train: trainingLines(held.train), heldOut: trainingLines(held.heldOut) };
    const newTrain: CompactSample[] = lines.train.samples;
    const heldOut: CompactSample[] = lines.heldOut.samples;
    const multi = { split: lines.train.split + lines.heldOut.split, skipped: [...lines.train.skipped, ...lines.heldOut.skipped] };
    log(`${selection.samples.length} approved samples (${selection.skipped} unreadable skipped): ${newTrain.length} lines for training, ${heldOut.length} held out`);
    if (multi.split > 0 || multi.skipped.length > 0) {
      log(`multi-line samples: ${multi.split} split into their lines, ${multi.skipped.length} skipped (segmentation disagrees with the label)`);
      for (const s of multi.skipped.slice(0, 20)) log(`  skipped multi-line sample ${s.id}: ${s.reason}`);
    }

    // 2. Base share and the fixed validation set.
    const loaded = await loadBaseDataCached(config.baseData, ctx.baseData ?? defaultBaseDataLocations(ctx.root), path.join(ctx.dataDir, "retrain", "base-cache"), log);
    // The guard's set holds other writers only: not the hands this run learns.
    const base = validationWithoutWriters(loaded, new Set(selection.samples.map((s) => s.writer)));
    if (base !== loaded) log(`validation set: ${loaded.valWords.length - base.valWords.length} words and ${loaded.valLines.length - base.valLines.length} lines of writers in the training data left out (${base.valWords.length} words, ${base.valLines.length} lines remain)`);
    const baseCount = baseSampleCount(newTrain.length, config.baseShare, base.pool.length);
    const baseTrain = pickBaseSamples(base.pool, baseCount, config.baseLineShare, BASE_SUBSET_SEED);
    const trainSet = [...newTrain, ...baseTrain];
    if (trainSet.length === 0) throw new Error("nothing to train on: approve some samples, or give the base data a share above 0");
    progress.data = { newTrain: newTrain.length, heldOut: heldOut.length, base: baseTrain.length, baseSource: base.source, note: base.note, validationSetId: base.validationSetId, multiLineSplit: multi.split, multiLineSkipped: multi.skipped.length };
    log(`base data: ${base.note}; mixing ${baseTrain.length} base samples; validation set ${base.validationSetId}`);

    // 3. The network: the parent's shape and weights, or a fresh one.
    let model: ModelConfig;
    let parentParams: Float32Array | null = null;
    if (selection.parent) {
      const parent = readModelParams(selection.parent.dir);
      model = parent.config;
      parentParams = parent.params;
    } else {
      model = defaultModelConfig({ ...SCRATCH_MODEL_DEFAULTS, ...config.model });
    }
    const probeCfg = defaultTrainConfig({ model, syntheticLineShare: config.syntheticLineShare });
    // Evaluations read as the Write page does (beam search, the shipped LMs and lexicon): selection and the
    // guard then judge what users get. ~2 ms a word on the main thread, next to the network's time.
    const readText = pageTextReader(model.charset, loadShippedLanguageModels(CODE_ROOT, model.charset));
    const stepsPerEpoch = estimateStepsPerEpoch(trainSet, probeCfg);
    const evalEvery = config.evalEvery || stepsPerEpoch;
    const totalSteps = config.maxSteps ? Math.min(config.maxSteps, stepsPerEpoch * config.epochs) : stepsPerEpoch * config.epochs;
    const cfg = defaultTrainConfig({
      model,
      lr: learningRateFor(config),
      epochs: config.epochs,
      maxSteps: config.maxSteps,
      workers: config.workers,
      augment: config.augment,
      syntheticLineShare: config.syntheticLineShare,
      evalEvery,
      // Fine-tuning starts from good weights: a short warm-up is enough.
      warmupSteps: config.mode === "finetune" ? Math.min(50, stepsPerEpoch) : Math.min(300, stepsPerEpoch),
      checkpointEvery: Math.max(5, Math.min(50, evalEvery)),
      minLr: Math.min(2e-5, learningRateFor(config) / 10),
      // A fine-tune is chosen on the held-out new samples, guarded by the parent's validation CER.
      evalAtStart: config.mode === "finetune",
      guardRel: config.guardRel,
      frozen: config.train === "no-recurrent" ? "recurrent" : "none", // RetrainConfigSchema refuses it for scratch runs
    });
    progress = { ...progress, phase: "training", message: "training", epochs: config.epochs, stepsPerEpoch, totalSteps };
    await flush(true);

    const resume = existsSync(path.join(dir, "checkpoint", "state.json"));
    const clock = { time: Date.now(), step: -1 };
    let current = { step: 0, epoch: 0 };
    const result = await train(
      { train: trainSet, valWords: base.valWords, valLines: base.valLines, heldOut: config.mode === "finetune" ? heldOut : undefined },
      cfg,
      dir,
      {
        readText,
        log: (line) => {
          log(line);
          progress.message = line;
        },
        onStep: (s) => {
          if (cancelRequested) throw new RunCancelled("cancelled by the admin");
          if (clock.step < 0) clock.step = s.step - 1;
          current = { step: s.step, epoch: s.epoch + s.epochProgress };
          const since = { step: clock.step, atMs: clock.time };
          const now = Date.now();
          progress = {
            ...progress,
            trainingSince: since,
            stepAtMs: now,
            step: s.step,
            epoch: current.epoch,
            loss: Number.isFinite(s.loss) ? s.loss : null,
            lr: s.lr,
            samplesPerSec: Number.isFinite(s.samplesPerSec) ? s.samplesPerSec : null,
            etaSec: etaSeconds(since, { step: s.step, atMs: now }, totalSteps),
            losses: appendToCurve(progress.losses, [s.step, s.loss], LOSS_CURVE_POINTS),
          };
          void flush().catch((e) => log(`progress write failed: ${(e as Error).message}`));
        },
        onEval: (r: EvalResult) => {
          evals.push({ step: r.step, epoch: current.epoch, ...validationScoreOf(r), heldOutCer: r.heldOutCer, heldOutLoss: r.heldOutLoss ?? null });
          void flush(true).catch((e) => log(`progress write failed: ${(e as Error).message}`));
        },
        shouldStop: () => cancelRequested,
      },
      resume ? { resume: true } : parentParams ? { params: parentParams } : undefined,
    );
    if (cancelRequested) throw new RunCancelled("cancelled by the admin");

    // 4. Scores: the best weights by validation CER, and the parent on the same sets.
    progress = { ...progress, phase: "evaluating", message: "scoring the new weights and the parent on the validation and held-out sets", etaSec: null };
    await flush(true);
    const bestEval = selectedEvaluation(result.history, cfg);
    let heldOutScore: SetScore | null = null;
    let parentScores: { validation: ValidationScore | null; heldOut: SetScore | null } | null = null;
    const pool = await WorkerPool.start(model, config.workers);
    log(`scoring: ${heldOut.length} held-out samples${parentParams ? `, parent ${selection.parent?.version} on held-out${cfg.evalAtStart ? " (its validation score is step 0's)" : " + validation"}` : ""}`);
    try {
      if (heldOut.length) heldOutScore = setScoreOf(await scoreSet(pool, result.best, model, heldOut, cfg.batchFrames, readText));
      if (parentParams) {
        // A fine-tune scored its parent at step 0 on the same sets, the same way: reuse that.
        const start = startEvaluation(result.history, cfg);
        parentScores = {
          validation: start
            ? validationScoreOf(start)
            : await scoreValidation(pool, parentParams, model, base, cfg.batchFrames, readText),
          heldOut: heldOut.length ? setScoreOf(await scoreSet(pool, parentParams, model, heldOut, cfg.batchFrames, readText)) : null,
        };
      }
    } finally {
      await pool.close();
    }
    log("scoring done");
    if (cancelRequested) throw new RunCancelled("cancelled by the admin");

    // 5. Publish (inactive): files first, atomically; then the row and the run's success together.
    progress = { ...progress, phase: "exporting", message: "writing the model files" };
    await flush(true);
    const version = versionNameFor(run, config.mode);
    const lastWer = bestEval.lineWer;
    const metrics: VersionMetrics = {
      cer: bestEval.cer,
      wer: lastWer,
      validationSetId: base.validationSetId,
      validation: validationScoreOf(bestEval),
      heldOut: heldOutScore,
      parent: selection.parent && parentScores ? { version: selection.parent.version, ...parentScores } : null,
      data: { newTrain: newTrain.length, heldOut: heldOut.length, base: baseTrain.length, baseSource: base.source },
      training: { mode: config.mode, steps: result.state.step, epochs: result.state.epoch, seconds: Math.round(result.state.trainSeconds), layers: model.layers, units: model.units },
      decoder: PAGE_DECODER_TAG,
      selection: { rule: selectionRule(result.history, cfg), guardRel: cfg.guardRel, step: bestEval.step },
    };
    const store = modelStore(ctx.root, ctx.dataDir);
    const versionDir = path.join(store.trainedDir, version);
    // The int8 form goes beside the float one when it stays within the drift tolerance on the
    // fixture inks; otherwise the version ships float only (float is what the page runs by default).
    const info = { runId, metrics, parent: selection.parent?.version ?? null };
    try {
      const int8 = await exportModelWithInt8(versionDir, version, model, result.best, info, { driftInks: loadFixtureInks().map((f) => f.ink) });
      log(`int8 form: ${int8.int8Bytes} bytes (float16 ${int8.floatBytes}); mean |Δlogit| ${int8.drift.meanAbsLogit.toFixed(4)} on ${int8.drift.samples} fixture inks`);
    } catch (e) {
      if (!(e instanceof Int8DriftError)) throw e;
      log(`${e.message}; publishing the float form only`);
      exportModel(versionDir, version, model, result.best, info);
    }
    const weightsPath = path.relative(ctx.root, path.join(versionDir, "model.json")).split(path.sep).join("/");

    // 6. Each contributing writer's personal adaptation on the new weights, exactly as the page loads
    //    them (its int8 file, dequantised): the writers whose samples taught this run read better on any device.
    if (config.personalAdaptations) {
      const writers = writersToAdapt(selection.samples);
      if (writers.length) {
        progress = { ...progress, phase: "personalizing", message: `adapting to ${writers.length} contributing writers' handwriting` };
        await flush(true);
        const replaySet = await readReplaySetFrom(ctx.baseData ?? defaultBaseDataLocations(ctx.root), config.baseData === "fixtures");
        const published = readPageModelParams(versionDir);
        const fingerprint = baseFingerprint(published.config, published.params);
        const started = Date.now();
        const derived = await deriveWriterAdaptations(
          { version, config: published.config, params: published.params },
          writers,
          parseReplaySet(replaySet.jsonl),
          {
            // A resumed job keeps what it stored: the files are bound to these exact weights.
            skip: (writer) => loadWriterAdaptation(ctx.dataDir, version, writer)?.base.fingerprint === fingerprint,
            onProgress: (done, count, running) => {
              const share = (done + running.reduce((a, f) => a + f, 0)) / count;
              progress = { ...progress, message: `adapting to ${count} contributing writers' handwriting: ${done} done, ${running.length} in progress (${Math.round(100 * share)}%)` };
              void flush().catch((e) => log(`progress write failed: ${(e as Error).message}`));
            },
            onRecord: (writer, record) => {
              saveWriterAdaptation(ctx.dataDir, version, writer, record);
              log(`personal adaptation for writer ${writer}: ${record.samples} lines, ${record.epochs} epochs in ${record.trainSeconds.toFixed(1)} s`);
            },
            shouldStop: () => cancelRequested,
          },
          // One writer per core, each on its own thread.
          { concurrency: config.workers, adapt: adaptWriterOnThread },
        );
        if (cancelRequested) throw new RunCancelled("cancelled by the admin");
        metrics.personal = { writers: derived.made.length + derived.skipped.length, lines: writers.reduce((n, w) => n + w.lines.length, 0), seconds: Math.round((Date.now() - started) / 1000), replaySet: replaySet.count };
        log(`personal adaptations: ${metrics.personal.writers} writers (${derived.skipped.length} kept from an earlier attempt) in ${metrics.personal.seconds} s`);
      } else {
        metrics.personal = { writers: 0, lines: 0, seconds: 0, replaySet: 0 };
        log(`personal adaptations: no writer has ${PERSONALIZE_MIN_SAMPLES} samples`);
      }
    }
    progress = { ...progress, phase: "done", message: `published ${version} (inactive until promoted)`, version };
    await db.$transaction([
      db.modelVersion.upsert({
        where: { version },
        create: { version, metrics: JSON.stringify(metrics), weightsPath, trainingRunId: runId, active: false },
        update: { metrics: JSON.stringify(metrics), weightsPath, trainingRunId: runId },
      }),
      db.trainingRun.update({ where: { id: runId }, data: { status: "succeeded", finishedAt: new Date(), progress: JSON.stringify(progress), epochMetrics: JSON.stringify(evals), heartbeatAt: new Date() } }),
    ]);
    log(`done: ${version}, validation CER ${(100 * metrics.cer).toFixed(2)}%`);
    rmSync(path.join(dir, "checkpoint"), { recursive: true, force: true });
    return "succeeded";
  } catch (error) {
    const cancelled = error instanceof RunCancelled || cancelRequested;
    const message = cancelled ? "cancelled by the admin" : (error as Error).message || String(error);
    log(cancelled ? "cancelled" : `failed: ${(error as Error).stack ?? message}`);
    progress = { ...progress, phase: "done", message: cancelled ? "cancelled" : `failed: ${message}`, etaSec: null };
    await db.trainingRun.updateMany({
      where: { id: runId, status: "running" },
      data: { status: cancelled ? "cancelled" : "failed", error: cancelled ? null : message.slice(0, 4000), finishedAt: new Date(), progress: JSON.stringify(progress), epochMetrics: JSON.stringify(evals) },
    });
    // A failure inside the job would fail again on resume; only crashes (no catch) resume.
    rmSync(path.join(dir, "checkpoint"), { recursive: true, force: true });
    return cancelled ? "cancelled" : "failed";
  } finally {
    clearInterval(heartbeat);
  }
}
