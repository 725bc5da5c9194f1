/**
 * npm run bench-adapt -- [--data FILE.jsonl[.gz]] [--train 50] [--curve 10,25] [--writers 8]
 *                        [--max-test N] [--others 400] [--skip-server] [--skip-chromium]
 *                        [--chromium-writers 2] [--seed 1]
 *
 * Does Inkwell learn a writer's hand? Both learning paths, measured side by side in one run:
 *
 * - personal: each writer's own recognizer adapted on the device (lib/adapt) from `--train` of
 *   their samples (and the --curve sizes), tested on the rest of their samples with the
 *   personalised Write page's decoding (beam + both LMs + the lexicon with the writer's words
 *   added, lib/adapt/personal-lm.ts). Other writers never load it, so their change is 0 by
 *   construction. Adaptation time is measured in Node and, in real Chromium, in the Write page's
 *   own adaptation worker (app/components/write/adaptation.worker.ts, bundled as is).
 * - server: every writer's `--train` samples together as approved contributions in a scratch
 *   database, one retrain job with the dashboard's defaults (lib/retrain, the job the dashboard
 *   starts), the new version tested on the same writers' remaining samples and on other
 *   writers' words; and each writer's remaining samples read as their page reads after the
 *   retrain: the new version plus the personal adaptation the job derived for them
 *   (server.personal_rel_change; other writers never load one, so their change is the version's).
 *
 * Default data: UNIPEN words, the `--writers` validation writers (writer-disjoint from
 * training) with the most samples, `--train` of each chosen with a fixed seed. With --data,
 * every writer with more than `--train` samples adapts on their first `--train` (file order)
 * and is tested on the rest; other writers in the file are the "others".
 * Prints a table and, last, one JSON line:
 *   {"personal":{"mean_rel_change",…,"seconds_node","seconds_chromium"},"server":{"mean_rel_change","general_rel_change","personal_rel_change",…},…}
 * Relative changes are fractions: −0.30 means 30% fewer character errors.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { adaptToWriter, type WriterSample } from "../lib/adapt/adapt-to-writer";
import { type AdaptConfig, defaultAdaptConfig } from "../lib/adapt/adapt-config";
import { applyAdaptation, type AdaptationRecord } from "../lib/adapt/adaptation-record";
import { splitWriters, type WriterSplit } from "../lib/adapt/writer-split";
import { parseReplaySet } from "../lib/adapt/replay-set";
import { readReplaySet } from "../lib/adapt/replay-set-source";
import { loadWriterAdaptation } from "../lib/retrain/writer-adaptation-store";
import { UNIPEN_FIXTURES_PATH } from "../lib/ink/fixtures";
import { loadShippedLanguageModels } from "../lib/ctc/shipped-language-models-node";
import type { CharLanguageModel } from "../lib/ctc/language-model";
import { PERSONAL_VOCABULARY_WEIGHT, personalDecoding, withDeviceVocabulary } from "../lib/adapt/personal-lm";
import type { Lexicon } from "../lib/ctc/lexicon";
import { createPrismaClient } from "../lib/db";
import { parseDatasetJsonlLine } from "../lib/ink/formats/dataset-jsonl-parse-line";
import { readTextFileLines } from "../lib/ink/formats/dataset-jsonl-node";
import type { Ink } from "../lib/ink/types";
import { decodeModel, type InkwellMetadata } from "../lib/model/format";
import { nodeThreadSpawner, readModelDir, readModelParams, readPageModelParams } from "../lib/model/load-node";
import { paramsToWeights, weightsToParams } from "../lib/model/param-block";
import { Recognizer } from "../lib/model/recognizer";
import { modelStore, shippedDefaultVersion } from "../lib/models/active-model";
import { RetrainConfigSchema } from "../lib/retrain/retrain-config";
import { claimNextRun, enqueueRun } from "../lib/retrain/run-queue";
import { runRetrainJob } from "../lib/retrain/run-retrain-job";
import { parseVersionMetrics } from "../lib/retrain/version-metrics";
import { isValidationWriter } from "../lib/training/dataset";
import { fixedSubset } from "../lib/training/unipen";
import { ErrorRates } from "../lib/training/metrics";
import { PAGE_DECODING } from "../app/components/write/recognition-settings";

interface Sample extends WriterSample {
  id: string;
  writer: string;
}

const fail = (msg: string): never => {
  process.stderr.write(`bench-adapt: ${msg}\n`);
  process.exit(2);
};
const log = (msg: string) => process.stderr.write(msg + "\n");
const ROOT = process.cwd();
const UNIPEN_WORDS = path.resolve(ROOT, "..", "shared", "data", "unipen-words.jsonl.gz");
const pct = (v: number | null) => (v === null ? "   –  " : `${(100 * v).toFixed(2)}%`.padStart(7));
const rel = (v: number | null) => (v === null || !Number.isFinite(v) ? "   –  " : `${v >= 0 ? "+" : ""}${(100 * v).toFixed(1)}%`.padStart(7));
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const round = (v: number, d = 4) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : null);

async function readSamples(file: string, keep: (writer: string) => boolean): Promise<{ samples: Sample[]; bad: number }> {
  const samples: Sample[] = [];
  let line = 0, bad = 0;
  for await (const text of readTextFileLines(file)) {
    line++;
    if (!text.trim()) continue;
    // A cheap look at the writer first: the full validation is only worth it for kept writers.
    const writer = /"writer"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
    if (writer !== undefined && !keep(JSON.parse(`"${writer}"`))) continue;
    const r = parseDatasetJsonlLine(text, line);
    if (!r.ok) {
      bad++;
      if (bad <= 5) log(`  skipped line ${line}: ${r.error}`);
      continue;
    }
    samples.push({ id: r.sample.id, writer: r.sample.writer, text: r.sample.text, ink: r.sample.ink });
  }
  return { samples, bad };
}

let shipped: ReturnType<typeof loadShippedLanguageModels> | undefined;
const shippedModels = (meta: InkwellMetadata) => (shipped ??= loadShippedLanguageModels(ROOT, meta.config.charset));

/**
 * The Write page's decoding (PAGE_DECODING with the shipped word LM, and `lm`: the shared
 * character LM, or a personalised one; `lexicon`: the shipped one, or a personalised one), on two
 * threads as the page has them.
 */
async function cerOf(meta: InkwellMetadata, params: Float32Array, samples: readonly Sample[], { lm, lexicon }: { lm: CharLanguageModel; lexicon: Lexicon }): Promise<ErrorRates> {
  const recognizer = await Recognizer.fromWeights(meta, paramsToWeights(meta.config, params), { spawnThread: nodeThreadSpawner });
  const { wordLm } = shippedModels(meta);
  const rates = new ErrorRates();
  try {
    for (const s of samples) rates.add(s.text, recognizer.recognize(s.ink, { ...PAGE_DECODING, lm, wordLm, lexicon }).candidates[0]?.text ?? "");
  } finally {
    recognizer.dispose();
  }
  return rates;
}

/** Adaptation time in real Chromium, in the Write page's own adaptation worker (bundled with esbuild). */
async function chromiumSeconds(modelDir: string, weightData: Uint8Array, writers: WriterSplit<Sample>[], count: number, replayJsonl: string): Promise<{ seconds: number[]; records: AdaptationRecord[] }> {
  const { build } = await import("esbuild");
  const { chromium } = await import("@playwright/test");
  const dir = mkdtempSync(path.join(os.tmpdir(), "inkwell-bench-adapt-"));
  await build({ entryPoints: [path.join(ROOT, "app/components/write/adaptation.worker.ts")], bundle: true, format: "esm", platform: "browser", outfile: path.join(dir, "worker.js"), logLevel: "error", tsconfig: path.join(ROOT, "tsconfig.json") });
  const files: Record<string, { type: string; body: Buffer }> = {
    "/": { type: "text/html", body: Buffer.from("<!doctype html><title>bench-adapt</title>") },
    "/worker.js": { type: "text/javascript", body: readFileSync(path.join(dir, "worker.js")) },
    "/model.json": { type: "application/json", body: readFileSync(path.join(modelDir, "model.json")) },
    "/weights.bin": { type: "application/octet-stream", body: Buffer.from(weightData) },
    "/replay-set": { type: "application/x-ndjson", body: Buffer.from(replayJsonl) },
  };
  writers.slice(0, count).forEach((w, i) => (files[`/samples-${i}.json`] = { type: "application/json", body: Buffer.from(JSON.stringify(w.adapt.map((s) => ({ ink: s.ink, text: s.text })))) }));
  const server = http.createServer((req, res) => {
    const f = files[req.url ?? ""];
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": f.type, "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" }).end(f.body);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({ executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined, args: ["--no-sandbox", "--disable-gpu"] });
  const out = { seconds: [] as number[], records: [] as AdaptationRecord[] };
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    for (let i = 0; i < Math.min(count, writers.length); i++) {
      const result = await page.evaluate(async (index) => {
        const [modelJson, weightData, samples] = await Promise.all([
          fetch("/model.json").then((r) => r.json()),
          fetch("/weights.bin").then((r) => r.arrayBuffer()),
          fetch(`/samples-${index}.json`).then((r) => r.json()),
        ]);
        const worker = new Worker("/worker.js", { type: "module" });
        return await new Promise<{ seconds: number; record: unknown; wall: number }>((resolve, reject) => {
          const t0 = performance.now();
          worker.onmessage = (e) => {
            if (e.data.type === "done") resolve({ seconds: e.data.seconds, record: e.data.record, wall: (performance.now() - t0) / 1000 });
            if (e.data.type === "error") reject(new Error(e.data.message));
          };
          worker.onerror = (e) => reject(new Error(e.message));
          worker.postMessage({ type: "adapt", model: { modelJson, weightData: new Uint8Array(weightData) }, samples, replayUrl: "/replay-set" });
        }).finally(() => worker.terminate());
      }, i);
      out.seconds.push(result.wall);
      const rec = result.record as AdaptationRecord & { values: Uint8Array | Record<string, number> };
      // page.evaluate returns typed arrays as plain objects: rebuild the bytes.
      out.records.push({ ...rec, values: rec.values instanceof Uint8Array ? rec.values : Uint8Array.from(Object.values(rec.values)) });
      log(`  chromium: ${writers[i].writer} adapted in ${result.wall.toFixed(1)} s`);
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** A dataset writer as a page's anonymous writer id would be (WriterIdSchema: no "/"), so the job can adapt to them. */
const benchWriterId = (writer: string) => `w-${writer.replace(/[^A-Za-z0-9_-]/g, "_")}`.padEnd(8, "_").slice(0, 64);

/** The dashboard's retrain job on every writer's adaptation samples together, in a scratch database. */
async function serverRetrain(
  writers: WriterSplit<Sample>[],
  overrides: Record<string, unknown>,
): Promise<{ params: Float32Array; pageParams: Float32Array; seconds: number; version: string; metrics: unknown; config: unknown; adaptations: (AdaptationRecord | null)[] }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "inkwell-bench-adapt-db-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "db.mjs"), "migrate"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  const db = createPrismaClient(url);
  // Persistent, so the base-data cache built by the first run is reused (as on a server).
  const dataDir = path.join(ROOT, "tmp", "bench-adapt-data");
  mkdirSync(dataDir, { recursive: true });
  rmSync(path.join(dataDir, "models"), { recursive: true, force: true });
  rmSync(path.join(dataDir, "adaptations"), { recursive: true, force: true });
  try {
    let n = 0;
    for (const w of writers)
      for (const s of w.adapt) {
        const points = s.ink.strokes.reduce((k, st) => k + st.points.length, 0);
        await db.sample.create({ data: { id: `bench-${n++}-${s.id}`.slice(0, 190), ink: JSON.stringify(s.ink), label: s.text, writerId: benchWriterId(s.writer), source: "prompted", status: "approved", consent: true, pointCount: points } });
      }
    const config = RetrainConfigSchema.parse(overrides); // {}: the dashboard's defaults
    const run = await enqueueRun(db, config);
    await claimNextRun(db);
    const t0 = Date.now();
    const outcome = await runRetrainJob(run.id, { db, root: ROOT, dataDir, log: (l) => log(`  job: ${l.replace(/^\[[^\]]+\] /, "")}`) });
    const seconds = (Date.now() - t0) / 1000;
    if (outcome !== "succeeded") {
      const after = await db.trainingRun.findUniqueOrThrow({ where: { id: run.id } });
      throw new Error(`the retrain job ${outcome}: ${after.error}`);
    }
    const version = await db.modelVersion.findFirstOrThrow({ where: { trainingRunId: run.id } });
    const versionDir = path.join(ROOT, path.dirname(version.weightsPath));
    // The personal adaptations the job derived, as each writer's page would fetch them, and the
    // weights that page loads (the int8 form, dequantised), which they are bound to.
    const adaptations = writers.map((w) => loadWriterAdaptation(dataDir, version.version, benchWriterId(w.writer)));
    return { params: readModelParams(versionDir).params, pageParams: readPageModelParams(versionDir).params, seconds, version: version.version, metrics: parseVersionMetrics(version.metrics), config, adaptations };
  } finally {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  let o;
  try {
    o = parseArgs({
      options: {
        data: { type: "string" },
        train: { type: "string", default: "50" },
        curve: { type: "string", default: "10,25" },
        writers: { type: "string", default: "8" },
        "max-test": { type: "string" },
        others: { type: "string", default: "400" },
        "skip-server": { type: "boolean", default: false },
        "skip-chromium": { type: "boolean", default: false },
        "skip-personal": { type: "boolean", default: false },
        "retrain-config": { type: "string" },
        "adapt-config": { type: "string" },
        "chromium-writers": { type: "string", default: "2" },
        seed: { type: "string", default: "1" },
        "vocabulary-weight": { type: "string", default: String(PERSONAL_VOCABULARY_WEIGHT) },
        model: { type: "string" },
      },
    }).values;
  } catch (e) {
    return fail((e as Error).message);
  }
  const int = (name: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got "${v}"`);
    return n;
  };
  const train = int("train", o.train, defaultAdaptConfig().minSamples); // fewer cannot adapt
  const curve = [...new Set([...(o.curve ? o.curve.split(",").map((v) => int("curve", v.trim(), defaultAdaptConfig().minSamples)) : []), train])].filter((n) => n <= train).sort((a, b) => a - b);
  const writerCount = int("writers", o.writers, 1);
  const maxTest = o["max-test"] === undefined ? Infinity : int("max-test", o["max-test"], 1);
  const othersCount = int("others", o.others, 0);
  const seed = int("seed", o.seed, 0);
  const vocabularyWeight = Number(o["vocabulary-weight"]);
  if (!(vocabularyWeight >= 0 && vocabularyWeight < 1)) fail(`--vocabulary-weight must be in [0, 1), got "${o["vocabulary-weight"]}"`);
  let adaptOverrides: Partial<AdaptConfig> = {};
  try {
    adaptOverrides = o["adapt-config"] ? JSON.parse(o["adapt-config"]) : {};
  } catch (e) {
    fail(`--adapt-config must be JSON (an AdaptConfig, lib/adapt/adapt-config.ts), got ${o["adapt-config"]}: ${(e as Error).message}`);
  }
  const file = o.data ?? UNIPEN_WORDS;
  if (!existsSync(file)) fail(`dataset file not found: ${file}${o.data ? "" : " (the default is UNIPEN words in ../shared/data; give --data FILE)"}`);
  const store = modelStore(ROOT);
  const shipped = shippedDefaultVersion(store);
  const modelDir = o.model ?? (shipped ? path.join(store.publicDir, shipped) : fail("no --model given and public/models/manifest.json names no default version"));
  const { modelJson, weightData } = readModelDir(modelDir);
  const { meta, weights } = decodeModel(modelJson, weightData);
  const baseParams = weightsToParams(meta.config, weights);
  const { lm } = shippedModels(meta);
  // The shared decoding (the page's, for everyone); a personalised page decodes with personalDecoding(shared, record).
  const shared = { lm, lexicon: shippedModels(meta).lexicon };

  // 1. The protocol's writers and their adapt/test split; the other writers' words.
  log(`reading ${file}…`);
  const { samples, bad } = await readSamples(file, o.data ? () => true : isValidationWriter);
  const writers = splitWriters(samples, o.data ? { train } : { train, writers: writerCount, shuffleSeed: seed }).map((w) => ({ ...w, test: w.test.slice(0, maxTest) }));
  if (!writers.length) fail(`no writer in ${file} has more than --train ${train} samples`);
  const chosen = new Set(writers.map((w) => w.writer));
  const others = fixedSubset(samples.filter((s) => !chosen.has(s.writer)), othersCount, seed + 100);
  log(`${writers.length} writers (${writers.map((w) => `${w.writer}: ${w.adapt.length}+${w.test.length}`).join(", ")}); ${others.length} words of ${new Set(others.map((s) => s.writer)).size} other writers; ${bad} bad records`);

  // The replay set the server serves to the page's adaptation worker (training writers' words).
  const replaySet = await readReplaySet(UNIPEN_WORDS, UNIPEN_FIXTURES_PATH);
  const replayPool = parseReplaySet(replaySet.jsonl);
  log(`replay set: ${replayPool.length} words from ${replaySet.source}`);

  // 2. The base model on every test set.
  const baseCer = new Map<string, ErrorRates>();
  for (const w of writers) baseCer.set(w.writer, await cerOf(meta, baseParams, w.test, shared));
  const othersBase = others.length ? await cerOf(meta, baseParams, others, shared) : null;
  log(`base: ${writers.map((w) => `${w.writer} ${pct(baseCer.get(w.writer)!.cer)}`).join(", ")}; others ${pct(othersBase?.cer ?? null)}`);

  // 3. Personal adaptation per writer and sample count (Node, one thread: what a worker has).
  // The personalised recognizer: adapted weights, and decoding that prefers the writer's words.
  // At n = --train the weights alone (shared LM) are measured too, to show what each part gives.
  const personal = new Map<number, { cer: number; rel: number; seconds: number; record: AdaptationRecord; weightsOnlyRel: number | null }[]>();
  for (const n of o["skip-personal"] ? [] : curve) {
    const rows = [];
    for (const w of writers) {
      const t0 = Date.now();
      const { record } = await adaptToWriter({ version: meta.version, config: meta.config, params: baseParams }, w.adapt.slice(0, n), { seed, ...adaptOverrides }, {}, replayPool);
      const seconds = (Date.now() - t0) / 1000;
      const adapted = applyAdaptation(meta.config, meta.version, baseParams, record);
      const cer = (await cerOf(meta, adapted, w.test, personalDecoding(shared, record, vocabularyWeight))).cer;
      const b = baseCer.get(w.writer)!.cer;
      const weightsOnly = n !== train ? null : (await cerOf(meta, adapted, w.test, shared)).cer;
      const weightsOnlyRel = weightsOnly === null ? null : b > 0 ? weightsOnly / b - 1 : 0;
      rows.push({ cer, rel: b > 0 ? cer / b - 1 : 0, seconds, record, weightsOnlyRel });
      log(`  personal n=${n} ${w.writer}: ${pct(b)} → ${pct(cer)} (${rel(b > 0 ? cer / b - 1 : 0)}; weights only ${rel(weightsOnlyRel)}), ${seconds.toFixed(1)} s, epoch ${record.epochs}`);
    }
    personal.set(n, rows);
  }

  // 4. Chromium: the same adaptation in the Write page's worker.
  let chromium: Awaited<ReturnType<typeof chromiumSeconds>> | null = null;
  if (!o["skip-chromium"]) {
    try {
      chromium = await chromiumSeconds(modelDir, weightData, writers, int("chromium-writers", o["chromium-writers"], 1), replaySet.jsonl);
    } catch (e) {
      log(`chromium timing failed: ${(e as Error).message}`);
    }
  }
  let chromiumCer: number[] = [];
  if (chromium) {
    for (let i = 0; i < chromium.records.length; i++) chromiumCer.push((await cerOf(meta, applyAdaptation(meta.config, meta.version, baseParams, chromium.records[i]), writers[i].test, personalDecoding(shared, chromium.records[i], vocabularyWeight))).cer);
  }

  // 5. The server's retrain path, all writers' samples in one run.
  let server: (Awaited<ReturnType<typeof serverRetrain>> & { writerCer: number[]; personalCer: (number | null)[]; othersCer: number | null }) | null = null;
  if (!o["skip-server"]) {
    let overrides: Record<string, unknown> = {};
    try {
      overrides = o["retrain-config"] ? JSON.parse(o["retrain-config"]) : {};
    } catch (e) {
      fail(`--retrain-config must be JSON (a RetrainConfig), got ${o["retrain-config"]}: ${(e as Error).message}`);
    }
    const r = await serverRetrain(writers.map((w) => ({ ...w, adapt: w.adapt.slice(0, train) })), overrides);
    const writerCer = [];
    for (const w of writers) writerCer.push((await cerOf(meta, r.params, w.test, shared)).cer);
    // What each writer's page reads with after the retrain: the new version plus the personal
    // adaptation the job derived for them (applyAdaptation refuses one made for other weights).
    const personalCer: (number | null)[] = [];
    for (let i = 0; i < writers.length; i++) {
      const record = r.adaptations[i];
      // Their page adds the words of the samples it keeps (the ones they contributed) to the server's record.
      const onPage = record ? withDeviceVocabulary(record, writers[i].adapt.slice(0, train).map((s) => s.text)) : null;
      personalCer.push(onPage ? (await cerOf(meta, applyAdaptation(meta.config, r.version, r.pageParams, onPage), writers[i].test, personalDecoding(shared, onPage, vocabularyWeight))).cer : null);
    }
    const othersCer = others.length ? (await cerOf(meta, r.params, others, shared)).cer : null;
    server = { ...r, writerCer, personalCer, othersCer };
  }

  // 6. The table and the JSON line.
  const main = personal.get(train) ?? [];
  const shownCurve = curve.filter((n) => personal.has(n));
  console.log(`\nbench-adapt: model ${meta.version}, ${file}${o.data ? "" : " (validation writers)"}, decoder beam + lexicon + both LMs (the Write page's), ${os.cpus().length} cores`);
  console.log(`\n${"writer".padEnd(18)} ${"test".padStart(5)} ${"base".padStart(7)} ${shownCurve.map((n) => `n=${n}`.padStart(7) + " " + "rel".padStart(7)).join(" ")} ${"weights".padStart(7)} ${"server".padStart(7)} ${"rel".padStart(7)} ${"srv+own".padStart(7)} ${"rel".padStart(7)}`);
  writers.forEach((w, i) => {
    const b = baseCer.get(w.writer)!.cer;
    const cells = shownCurve.map((n) => `${pct(personal.get(n)![i].cer)} ${rel(personal.get(n)![i].rel)}`).join(" ");
    const s = server ? server.writerCer[i] : null;
    const sp = server ? server.personalCer[i] : null;
    console.log(`${w.writer.slice(0, 18).padEnd(18)} ${String(w.test.length).padStart(5)} ${pct(b)} ${cells} ${rel(main[i]?.weightsOnlyRel ?? null)} ${pct(s)} ${rel(s === null ? null : b > 0 ? s / b - 1 : 0)} ${pct(sp)} ${rel(sp === null ? null : b > 0 ? sp / b - 1 : 0)}`);
  });
  const serverRel = server ? mean(writers.map((w, i) => { const b = baseCer.get(w.writer)!.cer; return b > 0 ? server!.writerCer[i] / b - 1 : 0; })) : null;
  // A writer the job made no adaptation for reads with the new version alone.
  const serverPersonalRel = server ? mean(writers.map((w, i) => { const b = baseCer.get(w.writer)!.cer; return b > 0 ? (server!.personalCer[i] ?? server!.writerCer[i]) / b - 1 : 0; })) : null;
  console.log(`${"mean rel change".padEnd(18)} ${"".padStart(5)} ${"".padStart(7)} ${shownCurve.map((n) => `${"".padStart(7)} ${rel(mean(personal.get(n)!.map((r) => r.rel)))}`).join(" ")} ${rel(mean(main.map((r) => r.weightsOnlyRel ?? 0)))} ${"".padStart(7)} ${rel(serverRel)} ${"".padStart(7)} ${rel(serverPersonalRel)}`);
  console.log(`(n=…: adapted weights, decoded as the personalised page decodes: the writer's words added to the lexicon${vocabularyWeight > 0 ? `, and to the character LM with weight ${vocabularyWeight}` : ""}; weights: the n=${train} adaptation decoded with the shared LM and lexicon alone)`);
  const generalRel = server && othersBase && server.othersCer !== null && othersBase.cer > 0 ? server.othersCer / othersBase.cer - 1 : null;
  console.log(`\nother writers (${others.length} words): base ${pct(othersBase?.cer ?? null)}; personal: unchanged (their recognizer never loads another writer's adaptation); server: ${pct(server?.othersCer ?? null)} (${rel(generalRel)})`);
  console.log(`adaptation time, n=${train}: Node ${main.length ? `${mean(main.map((r) => r.seconds)).toFixed(1)} s mean (max ${Math.max(...main.map((r) => r.seconds)).toFixed(1)})` : "skipped"}; Chromium ${chromium ? `${mean(chromium.seconds).toFixed(1)} s mean over ${chromium.seconds.length} writers (CER with the Chromium-made adaptations ${chromiumCer.map((c) => pct(c).trim()).join(", ")} vs Node's ${main.slice(0, chromiumCer.length).map((r) => pct(r.cer).trim()).join(", ")})` : "skipped"}`);
  const adaptSettings = defaultAdaptConfig(adaptOverrides);
  if (main.length) console.log(`adaptation size: ${(main[0].record.values.byteLength / 1024).toFixed(0)} KB (float16), epochs chosen ${main.map((r) => r.record.epochs).join(", ")}; replaying ${adaptSettings.replayRatio} training words (of ${replayPool.length}) per own sample an epoch, drawn by ${adaptSettings.replayDraw}`);
  if (server) {
    console.log(`server retrain: ${server.version} in ${server.seconds.toFixed(0)} s with ${JSON.stringify(server.config)}`);
    console.log(`  server: the new version alone, as every writer reads with it; srv+own: the new version plus the personal adaptation the job derived for that writer (${server.adaptations.filter(Boolean).length} of ${writers.length} writers), as that writer's page reads after the retrain`);
  }
  const json = {
    model: meta.version,
    data: o.data ? path.basename(file) : "unipen-words validation writers",
    writers: writers.length,
    train,
    test_samples: writers.reduce((n, w) => n + w.test.length, 0),
    decoder: "beam+lexicon+wordlm",
    personal: {
      mean_rel_change: round(mean(main.map((r) => r.rel))),
      curve: Object.fromEntries(shownCurve.map((n) => [String(n), round(mean(personal.get(n)!.map((r) => r.rel)))])),
      weights_only_rel_change: round(mean(main.map((r) => r.weightsOnlyRel ?? 0))),
      vocabulary_weight: vocabularyWeight,
      others_rel_change: 0,
      seconds_node: round(mean(main.map((r) => r.seconds)), 2),
      seconds_chromium: chromium ? round(mean(chromium.seconds), 2) : null,
      adaptation_bytes: main[0]?.record.values.byteLength ?? null,
      replay_ratio: replayPool.length ? adaptSettings.replayRatio : 0,
      replay_draw: adaptSettings.replayDraw,
      replay_set: replayPool.length,
    },
    server: server
      ? {
          mean_rel_change: round(serverRel!),
          general_rel_change: generalRel === null ? null : round(generalRel),
          personal_rel_change: round(serverPersonalRel!),
          personal_writers: server.adaptations.filter(Boolean).length,
          seconds: round(server.seconds, 1),
          version: server.version,
        }
      : null,
    others: { samples: others.length, base_cer: othersBase ? round(othersBase.cer) : null },
  };
  console.log(JSON.stringify(json));
}

main().catch((e) => {
  process.stderr.write(`bench-adapt: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
