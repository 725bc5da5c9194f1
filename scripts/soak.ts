/**
 * npm run soak [-- --quick] [-- --database-url postgres://…]
 *
 * Durability and load against a real `next start` server (scripts/start.mjs) on a throwaway
 * database. Every request goes to 127.0.0.1, the number of requests is bounded and the whole run
 * has a deadline, so it always stops by itself.
 *
 *   load   N valid submissions (real UNIPEN fixture inks) from W writers over C concurrent
 *          connections; afterwards every acknowledged (201/200) sample must be in the database,
 *          intact. Reports p50/p99 latency and the error counts by status.
 *   crash  submissions stream in; after K acknowledgements the server's whole process group is
 *          killed with SIGKILL (and checked to be gone: `next start` plus any child it forked),
 *          then the server is restarted on the same database. Every sample acknowledged before the
 *          kill must be present and intact (label, ink JSON equal to what was sent), and no row of
 *          the run may be half-written.
 *   retrain an admin approves samples and starts a fine-tune (dashboard API); once its job is past
 *          its first checkpoint and inside an epoch, the process group (job included) is killed
 *          with SIGKILL and the server restarted. The run must resume from its checkpoint and
 *          finish, or fail with a message; the active model's answer and files must be
 *          byte-for-byte unchanged; a version it finished must load.
 *
 * Default (full): 1,000 submissions, 100 writers, 50 connections. --quick: 200, 40 writers, 20
 * connections (CI). The server gets its own temp DATA_DIR and, on SQLite, a temp database file;
 * with --database-url postgres://… it uses that server instead (migrated by scripts/start.mjs, as
 * `node scripts/db.mjs migrate` would; this run's rows are told apart by their writer ids).
 * Exit code 0 only when nothing acknowledged was lost, nothing partial was found, every load
 * request was acknowledged and the killed retrain left the active model intact and ended cleanly. The last line printed is one JSON object with the numbers.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs, isDeepStrictEqual } from "node:util";
import { createPrismaClient, databaseProvider, SQLITE_PRAGMAS } from "../lib/db";
import { isPostgresUrl } from "../lib/env";
import { loadFixtureInks } from "../lib/ink/fixtures";
import { countPoints, type Ink } from "../lib/ink/types";
import { decodeModel } from "../lib/model/format";
import { readModelDir } from "../lib/model/load-node";
import { modelStore } from "../lib/models/active-model";
import { TERMINAL_STATUSES } from "../lib/retrain/serialize-run";

const ROOT = path.resolve(import.meta.dirname, "..");
const HOST = "127.0.0.1";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "database-url": { type: "string" },
    submissions: { type: "string" },
    writers: { type: "string" },
    connections: { type: "string" },
    "crash-after": { type: "string" },
    "keep-temp": { type: "boolean", default: false },
    /** Writes each load request's send time, latency and status to this JSON file (for the p99 tail). */
    dump: { type: "string" },
  },
});

const quick = args.quick;
const config = {
  submissions: Number(args.submissions ?? (quick ? 200 : 1000)),
  writers: Number(args.writers ?? (quick ? 40 : 100)),
  connections: Number(args.connections ?? (quick ? 20 : 50)),
  /** Acknowledgements in the crash phase before the SIGKILL. */
  crashAfter: Number(args["crash-after"] ?? (quick ? 60 : 300)),
  /** Upper bound on submissions the crash phase may send (it normally sends crashAfter + in-flight). */
  crashMaxSubmissions: quick ? 400 : 2000,
  crashConnections: quick ? 10 : 25,
  requestTimeoutMs: 30_000,
  serverStartTimeoutMs: 180_000,
  /** The whole run, whatever happens. */
  deadlineMs: quick ? 9 * 60_000 : 16 * 60_000,
};
for (const [key, value] of Object.entries(config)) {
  if (!Number.isInteger(value) || value < 1) fail(`--${key} must be a whole number ≥ 1 (got ${value})`);
}

/**
 * Rate limits for the run (lib/samples/server.ts, lib/env.ts): SAMPLES_RATE_LIMIT_PER_MINUTE is
 * the per-client bucket (TCP peer address + writer id); the per-address bucket is 10× that. All of
 * the soak's traffic comes from one address, 127.0.0.1, so the address bucket must hold every
 * request of the run and the client bucket every request of one writer, or the soak would measure
 * the limiter instead of the storage path.
 */
const totalRequests = config.submissions + config.crashMaxSubmissions + 100;
const samplesPerMinute = Math.max(1000, Math.ceil(totalRequests / 10));
const ADMIN_PASSWORD = "soak-admin-password-for-the-retrain-phase";
const RETRAIN_STALE_AFTER_SECONDS = 5;
const RATE_LIMIT_ENV = { SAMPLES_RATE_LIMIT_PER_MINUTE: String(samplesPerMinute), TRUST_PROXY: "0" };

function fail(message: string): never {
  console.error(`soak: ${message}`);
  process.exit(1);
}

function log(message: string): void {
  console.log(`soak: ${message}`);
}

const children = new Set<ChildProcess>();
const deadline = setTimeout(() => {
  console.error(`soak: deadline of ${config.deadlineMs / 1000} s passed; stopping`);
  for (const child of children) killGroup(child, "SIGKILL");
  process.exit(1);
}, config.deadlineMs);
deadline.unref();
process.on("exit", () => {
  for (const child of children) killGroup(child, "SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    for (const child of children) killGroup(child, "SIGKILL");
    process.exit(130);
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Whether any process of the group `pgid` still exists. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pids in process group `pgid` (for the log), from /proc; empty where /proc is missing. */
function groupMembers(pgid: number): string[] {
  const members: string[] = [];
  let entries: string[] = [];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return members;
  }
  for (const pid of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid && fields[0] !== "Z") {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).slice(0, 3).join(" ");
        members.push(`${pid} (${cmd})`);
      }
    } catch {
      // Exited while we looked.
    }
  }
  return members;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  readonly logFile: string;
}

async function startServer(port: number, databaseUrl: string, dataDir: string, logFile: string): Promise<Server> {
  const out = fs.openSync(logFile, "a");
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs"), "--no-build"], {
    cwd: ROOT,
    // Its own process group, so that SIGKILL to the group reaches next start and every child.
    detached: true,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      ...RATE_LIMIT_ENV,
      PORT: String(port),
      HOSTNAME: HOST,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: ADMIN_PASSWORD,
      // The retrain phase kills a job; the restarted server takes it as dead after this long.
      RETRAIN_STALE_AFTER_SECONDS: String(RETRAIN_STALE_AFTER_SECONDS),
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  fs.closeSync(out);
  children.add(child);
  child.on("exit", () => children.delete(child));
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      fail(`the server exited during startup (${child.exitCode ?? child.signalCode}); log: ${logFile}\n${tail(logFile)}`);
    }
    if (Date.now() - started > config.serverStartTimeoutMs) {
      killGroup(child, "SIGKILL");
      fail(`the server did not answer within ${config.serverStartTimeoutMs / 1000} s; log: ${logFile}\n${tail(logFile)}`);
    }
    try {
      const res = await request(port, "GET", "/api/samples?writerId=soak-probe-ready", undefined, 5_000);
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  log(`server up on http://${HOST}:${port} in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${child.pid}, group ${groupMembers(child.pid!).join(", ") || "?"})`);
  return { child, port, logFile };
}

/** SIGKILL to the whole process group; waits until no process of it is left and the port is closed. */
async function killServer(server: Server): Promise<string[]> {
  const pgid = server.child.pid!;
  const members = groupMembers(pgid);
  killGroup(server.child, "SIGKILL");
  const until = Date.now() + 10_000;
  while (groupAlive(pgid) || (await portAccepts(server.port))) {
    if (Date.now() > until) fail(`processes of group ${pgid} survived SIGKILL: ${groupMembers(pgid).join(", ")}`);
    await sleep(50);
  }
  return members;
}

/** SIGTERM (graceful), SIGKILL after 10 s. */
async function stopServer(server: Server): Promise<void> {
  const pgid = server.child.pid!;
  killGroup(server.child, "SIGTERM");
  const until = Date.now() + 10_000;
  while (groupAlive(pgid)) {
    if (Date.now() > until) {
      killGroup(server.child, "SIGKILL");
      break;
    }
    await sleep(50);
  }
  while (groupAlive(pgid)) await sleep(50);
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let agent = new http.Agent({ keepAlive: true, maxSockets: config.connections });

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: http.IncomingHttpHeaders;
}

function request(port: number, method: string, pathname: string, body: string | undefined, timeoutMs = config.requestTimeoutMs, extraHeaders: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: HOST,
        port,
        method,
        path: pathname,
        agent,
        timeout: timeoutMs,
        headers: { ...(body === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(body) }), ...extraHeaders },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

interface Submission {
  readonly id: string;
  readonly writerId: string;
  readonly text: string;
  readonly ink: Ink;
  readonly body: string;
}

const fixtures = loadFixtureInks();

function makeSubmissions(count: number, writers: readonly string[]): Submission[] {
  return Array.from({ length: count }, (_, i) => {
    const fixture = fixtures[i % fixtures.length];
    const submission = { id: randomUUID(), ink: fixture.ink, text: fixture.text, writerId: writers[i % writers.length], source: "prompted", consent: true };
    return { id: submission.id, writerId: submission.writerId, text: fixture.text, ink: fixture.ink, body: JSON.stringify(submission) };
  });
}

interface Outcome {
  readonly submission: Submission;
  /** HTTP status, or "ECONNRESET" and the like when no answer came. */
  readonly status: number | string;
  readonly ms: number;
  /** When it was sent, ms after the stream started. */
  readonly at: number;
}

/**
 * Sends submissions over `connections` workers until they run out or `stop()` says so.
 * `onAnswer` runs for each outcome, in the order they complete.
 */
async function stream(port: number, submissions: readonly Submission[], connections: number, stop: () => boolean, onAnswer: (o: Outcome) => void): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (!stop() && next < submissions.length) {
      const submission = submissions[next++];
      const started = performance.now();
      let status: number | string;
      try {
        status = (await request(port, "POST", "/api/samples", submission.body)).status;
      } catch (error) {
        status = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      }
      const outcome = { submission, status, ms: performance.now() - started, at: started - t0 };
      outcomes.push(outcome);
      onAnswer(outcome);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return outcomes;
}

const acknowledged = (o: Outcome) => o.status === 200 || o.status === 201;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index]);
}

function countBy(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[String(o.status)] = (counts[String(o.status)] ?? 0) + 1;
  return counts;
}

interface Verification {
  readonly acknowledgedLost: number;
  /** Rows of this run (by writer id) that are not exactly one of the submissions sent. */
  readonly partialRows: number;
  readonly rows: number;
  readonly problems: string[];
}

/** Reads every row of this run's writers and checks it against what was sent. */
async function verify(databaseUrl: string, sent: readonly Submission[], acked: ReadonlySet<string>, writerPrefix: string): Promise<Verification> {
  const db = createPrismaClient(databaseUrl);
  try {
    const rows = await db.sample.findMany({
      where: { writerId: { startsWith: writerPrefix } },
      select: { id: true, ink: true, label: true, writerId: true, source: true, consent: true, pointCount: true },
    });
    const byId = new Map(sent.map((s) => [s.id, s]));
    const problems: string[] = [];
    let partialRows = 0;
    const found = new Set<string>();
    for (const row of rows) {
      found.add(row.id);
      const sentAs = byId.get(row.id);
      let why: string | undefined;
      if (!sentAs) why = "no such submission was sent";
      else {
        let ink: unknown;
        try {
          ink = JSON.parse(row.ink);
        } catch {
          why = `ink is not JSON (${row.ink.length} chars)`;
        }
        if (!why && !isDeepStrictEqual(ink, JSON.parse(JSON.stringify(sentAs.ink)))) why = "ink differs from what was sent";
        else if (!why && row.label !== sentAs.text.trim().normalize("NFC")) why = `label ${JSON.stringify(row.label)} ≠ ${JSON.stringify(sentAs.text)}`;
        else if (!why && row.writerId !== sentAs.writerId) why = "writerId differs";
        else if (!why && (row.source !== "prompted" || row.consent !== true)) why = "source/consent differ";
        else if (!why && row.pointCount !== countPoints(sentAs.ink)) why = `pointCount ${row.pointCount} ≠ ${countPoints(sentAs.ink)}`;
      }
      if (why) {
        partialRows++;
        if (problems.length < 10) problems.push(`row ${row.id}: ${why}`);
      }
    }
    let acknowledgedLost = 0;
    for (const id of acked) {
      if (!found.has(id)) {
        acknowledgedLost++;
        if (problems.length < 20) problems.push(`acknowledged sample ${id} is missing`);
      }
    }
    if (databaseProvider(databaseUrl) === "sqlite") {
      const check = await db.$queryRawUnsafe<{ integrity_check: string }[]>("PRAGMA integrity_check");
      const result = check.map((r) => r.integrity_check).join("; ");
      if (result !== "ok") problems.push(`PRAGMA integrity_check: ${result}`);
    }
    return { acknowledgedLost, partialRows, rows: rows.length, problems };
  } finally {
    await db.$disconnect();
  }
}

async function sqliteSettings(databaseUrl: string): Promise<{ journal_mode: string }> {
  const db = createPrismaClient(databaseUrl);
  try {
    const [row] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    return { journal_mode: row.journal_mode };
  } finally {
    await db.$disconnect();
  }
}

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** The active model as a visitor gets it, and the bytes of its files: what a dying retrain must not touch. */
async function activeModelState(port: number): Promise<{ answer: string; files: Record<string, string> }> {
  const res = await request(port, "GET", "/api/models/active", undefined);
  if (res.status !== 200) fail(`GET /api/models/active answered ${res.status}: ${res.body.slice(0, 300)}`);
  const { version } = JSON.parse(res.body) as { version: string };
  const { publicDir } = modelStore(ROOT);
  const dir = path.join(publicDir, version);
  const files: Record<string, string> = { "manifest.json": sha256(path.join(publicDir, "manifest.json")) };
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) files[`${version}/${f}`] = sha256(path.join(dir, f));
  return { answer: res.body, files };
}

interface RetrainCrash {
  killed_at_step: number;
  steps_per_epoch: number;
  total_steps: number;
  final_status: string;
  attempts: number;
  resumed: boolean;
  error: string | null;
  active_model_intact: boolean;
  version: string | null;
  version_loads: boolean | null;
  seconds: number;
}

/**
 * A retrain job killed mid-epoch: an admin approves samples and starts a fine-tune through the
 * dashboard's API; once the job is past its first checkpoint and inside an epoch, the server's
 * whole process group (the job process included) gets SIGKILL. After a restart, the run must
 * resume from its checkpoint and finish, or fail with a message; the active model must be
 * byte-for-byte what it was; a version it finished must load.
 */
async function retrainCrashPhase(server: Server, databaseUrl: string, dataDir: string, sampleIds: readonly string[]): Promise<{ server: Server; retrain: RetrainCrash }> {
  const started = Date.now();
  const port = server.port;
  const origin = `http://${HOST}:${port}`;
  const login = await request(port, "POST", "/api/admin/login", JSON.stringify({ password: ADMIN_PASSWORD }), undefined, { origin });
  if (login.status !== 200) fail(`admin login answered ${login.status}: ${login.body.slice(0, 300)}`);
  const cookie = [login.headers["set-cookie"] ?? []].flat().map((c) => c.split(";")[0]).join("; ");
  const admin = { origin, cookie };
  const approve = await request(port, "POST", "/api/admin/review/decisions", JSON.stringify({ ids: sampleIds.slice(0, 120), status: "approved" }), undefined, admin);
  if (approve.status !== 200) fail(`approving samples answered ${approve.status}: ${approve.body.slice(0, 300)}`);
  const before = await activeModelState(port);
  // The committed fixture inks as base data and one worker: small and quick, but the real job.
  const config = { mode: "finetune", epochs: 8, baseData: "fixtures", workers: 1 };
  const queued = await request(port, "POST", "/api/admin/runs", JSON.stringify(config), undefined, admin);
  if (queued.status !== 201) fail(`starting a retrain answered ${queued.status}: ${queued.body.slice(0, 300)}`);
  const runId = (JSON.parse(queued.body) as { run: { id: string } }).run.id;
  type Run = { status: string; attempts: number; error: string | null; progress: { step: number; stepsPerEpoch: number; totalSteps: number; phase: string } };
  const readRun = async (): Promise<Run> => {
    const res = await request(port, "GET", `/api/admin/runs/${runId}`, undefined, undefined, { cookie });
    if (res.status !== 200) fail(`GET /api/admin/runs/${runId} answered ${res.status}: ${res.body.slice(0, 300)}`);
    return (JSON.parse(res.body) as { run: Run }).run;
  };
  // Past the first checkpoint (every 5 steps at least) and not on an epoch boundary.
  let run = await readRun();
  const until = Date.now() + 240_000;
  while (!(run.status === "running" && run.progress.step > 5 && run.progress.stepsPerEpoch > 0 && run.progress.step % run.progress.stepsPerEpoch !== 0)) {
    if (TERMINAL_STATUSES.has(run.status)) fail(`the retrain ended (${run.status}: ${run.error ?? ""}) before it could be killed mid-epoch; log: ${server.logFile}`);
    if (Date.now() > until) fail(`the retrain did not get past step 5 within 240 s (status ${run.status}, step ${run.progress.step}); log: ${server.logFile}`);
    await sleep(200);
    run = await readRun();
  }
  const killedAt = run.progress.step;
  const members = await killServer(server);
  log(`retrain: SIGKILL to process group ${server.child.pid} at step ${killedAt} of ${run.progress.totalSteps} (${run.progress.stepsPerEpoch} per epoch); killed ${members.join(", ")}`);
  const restarted = await startServer(port, databaseUrl, dataDir, server.logFile);
  const deadline = Date.now() + 300_000;
  let resumed = false;
  for (;;) {
    run = await readRun();
    if (run.attempts > 1) resumed = true;
    if (TERMINAL_STATUSES.has(run.status)) break;
    if (Date.now() > deadline) fail(`the killed retrain neither finished nor failed within 300 s of the restart (status ${run.status}, step ${run.progress.step}); log: ${server.logFile}`);
    await sleep(500);
  }
  const after = await activeModelState(port);
  const activeIntact = after.answer === before.answer && isDeepStrictEqual(after.files, before.files);
  let version: string | null = null;
  let versionLoads: boolean | null = null;
  if (run.status === "succeeded") {
    const versions = await request(port, "GET", "/api/admin/versions", undefined, undefined, { cookie });
    const list = (JSON.parse(versions.body) as { versions: { version: string; trainingRunId: string | null }[] }).versions;
    version = list.find((v) => v.trainingRunId === runId)?.version ?? null;
    try {
      const dir = path.join(dataDir, "models", version ?? "");
      const { modelJson, weightData } = readModelDir(dir);
      decodeModel(modelJson, weightData);
      versionLoads = version !== null;
    } catch (error) {
      versionLoads = false;
      log(`retrain: version ${version} does not load: ${(error as Error).message}`);
    }
  }
  const retrain: RetrainCrash = {
    killed_at_step: killedAt,
    steps_per_epoch: run.progress.stepsPerEpoch,
    total_steps: run.progress.totalSteps,
    final_status: run.status,
    attempts: run.attempts,
    resumed,
    error: run.error,
    active_model_intact: activeIntact,
    version,
    version_loads: versionLoads,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  log(
    `retrain: after the restart the run ${resumed ? "resumed from its checkpoint and" : "was"} ${run.status}${run.error ? ` (${run.error})` : ""} after ${run.attempts} attempts; ` +
      `active model ${activeIntact ? "unchanged" : "CHANGED"}${version ? `; new version ${version} ${versionLoads ? "loads" : "DOES NOT LOAD"}` : ""}`,
  );
  return { server: restarted, retrain };
}

async function main(): Promise<void> {
  const runId = randomUUID().slice(0, 8);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-soak-"));
  const databaseUrl = args["database-url"] ?? `file:${path.join(tempDir, "soak.db")}`;
  if (!databaseUrl.startsWith("file:") && !isPostgresUrl(databaseUrl)) fail(`--database-url must be file:… or postgres://… (got ${databaseUrl})`);
  const provider = databaseProvider(databaseUrl);
  const shownUrl = databaseUrl.replace(/\/\/[^@/]*@/, "//…@");
  const logFile = path.join(tempDir, "server.log");
  const started = Date.now();

  log(`${quick ? "quick" : "full"} run ${runId}: ${config.submissions} submissions, ${config.writers} writers, ${config.connections} connections; crash after ${config.crashAfter} acknowledgements`);
  log(`database: ${provider} ${shownUrl}; server log: ${logFile}`);
  log(
    `rate limits: SAMPLES_RATE_LIMIT_PER_MINUTE=${samplesPerMinute} for the server (per client = 127.0.0.1 + writer id: ${samplesPerMinute}/min; ` +
      `per address: ${samplesPerMinute * 10}/min), TRUST_PROXY=0 (the client is the TCP peer); the run sends at most ${totalRequests} requests, all from 127.0.0.1, ` +
      `so neither bucket runs dry and a 429 would be a bug`,
  );
  if (provider === "sqlite") log(`SQLite settings the server's connection applies (lib/db.ts SQLITE_PRAGMAS): ${SQLITE_PRAGMAS.join("; ")}`);

  // The production build must exist; scripts/start.mjs --no-build refuses to build while the clock runs.
  const build = spawnSync(process.execPath, [path.join(ROOT, "scripts", "start.mjs"), "--build-only"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, DATABASE_URL: databaseUrl } });
  if (build.status !== 0) fail("the production build failed");

  // --- Load ---------------------------------------------------------------------------------
  const port = await freePort();
  let server = await startServer(port, databaseUrl, tempDir, logFile);
  const loadWriters = Array.from({ length: config.writers }, (_, i) => `soak-${runId}-load-w${String(i).padStart(3, "0")}`);
  const loadSubmissions = makeSubmissions(config.submissions, loadWriters);
  // Warm-up: one request per route bundle, so that p99 measures the steady state, not the first compile.
  const warm = await request(port, "POST", "/api/samples", makeSubmissions(1, [`soak-${runId}-warmup`])[0].body);
  if (warm.status !== 201) fail(`warm-up submission answered ${warm.status}: ${warm.body.slice(0, 300)}`);

  const loadStarted = performance.now();
  const loadOutcomes = await stream(port, loadSubmissions, config.connections, () => false, () => {});
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  if (args.dump) {
    fs.writeFileSync(args.dump, JSON.stringify(loadOutcomes.map((o) => ({ at: Math.round(o.at), ms: Math.round(o.ms), status: o.status, writerId: o.submission.writerId, points: countPoints(o.submission.ink) }))));
    log(`load: each request's send time and latency written to ${args.dump}`);
  }
  const latencies = loadOutcomes.map((o) => o.ms).sort((a, b) => a - b);
  // The first `connections` requests each open a new connection (the agent had one idle socket
  // from the warm-up); the rest ran on established keep-alive connections. Node 20 accepts one
  // connection per event-loop turn, so without lib/http/fair-admission.ts the new connections
  // waited whole rounds of the established ones' requests and were the entire p99 tail (p50
  // 2.5 s against 0.2 s); the two numbers side by side show whether that is back.
  const byStart = [...loadOutcomes].sort((a, b) => a.at - b.at);
  const newConnection = byStart.slice(0, config.connections).map((o) => o.ms).sort((a, b) => a - b);
  const established = byStart.slice(config.connections).map((o) => o.ms).sort((a, b) => a - b);
  const loadAcked = new Set(loadOutcomes.filter(acknowledged).map((o) => o.submission.id));
  await stopServer(server);
  const loadCheck = await verify(databaseUrl, loadSubmissions, loadAcked, `soak-${runId}-load-`);
  const load = {
    sent: loadOutcomes.length,
    acknowledged: loadAcked.size,
    lost: loadCheck.acknowledgedLost,
    partial_rows: loadCheck.partialRows,
    rows: loadCheck.rows,
    p50_ms: percentile(latencies, 50),
    p90_ms: percentile(latencies, 90),
    p99_ms: percentile(latencies, 99),
    max_ms: Math.round(latencies.at(-1) ?? 0),
    new_connection_p50_ms: percentile(newConnection, 50),
    new_connection_max_ms: Math.round(newConnection.at(-1) ?? 0),
    established_p50_ms: percentile(established, 50),
    established_p99_ms: percentile(established, 99),
    per_second: Math.round(loadOutcomes.length / loadSeconds),
    errors: Object.fromEntries(Object.entries(countBy(loadOutcomes)).filter(([status]) => status !== "200" && status !== "201")),
  };
  log(
    `load: ${load.sent} sent in ${loadSeconds.toFixed(1)} s (${load.per_second}/s), ${load.acknowledged} acknowledged, ${load.lost} lost, ${load.partial_rows} partial; ` +
      `latency p50 ${load.p50_ms} ms, p90 ${load.p90_ms} ms, p99 ${load.p99_ms} ms, max ${load.max_ms} ms; statuses ${JSON.stringify(countBy(loadOutcomes))}`,
  );
  log(
    `load: first request of each of the ${config.connections} new connections p50 ${load.new_connection_p50_ms} ms, max ${load.new_connection_max_ms} ms; ` +
      `on established connections p50 ${load.established_p50_ms} ms, p99 ${load.established_p99_ms} ms`,
  );
  for (const p of loadCheck.problems) log(`load: ${p}`);

  // --- Crash --------------------------------------------------------------------------------
  agent.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: config.crashConnections });
  server = await startServer(port, databaseUrl, tempDir, logFile);
  const crashWriters = Array.from({ length: config.writers }, (_, i) => `soak-${runId}-crash-w${String(i).padStart(3, "0")}`);
  const crashSubmissions = makeSubmissions(config.crashMaxSubmissions, crashWriters);
  const ackedBeforeKill = new Set<string>();
  let killed = false;
  let killedMembers: string[] = [];
  let inFlightAtKill = 0;
  let sentAtKill = 0;
  let killing: Promise<void> | undefined;
  let answered = 0;
  const crashOutcomes = await stream(
    port,
    crashSubmissions,
    config.crashConnections,
    () => killed,
    (o) => {
      answered++;
      if (!killed && acknowledged(o)) ackedBeforeKill.add(o.submission.id);
      if (!killed && ackedBeforeKill.size >= config.crashAfter && !killing) {
        killed = true;
        sentAtKill = answered;
        killing = killServer(server).then((members) => {
          killedMembers = members;
        });
      }
    },
  ).then(async (outcomes) => {
    await killing;
    return outcomes;
  });
  if (!killed) fail(`the crash phase ran out of submissions before ${config.crashAfter} were acknowledged: ${JSON.stringify(countBy(crashOutcomes))}`);
  inFlightAtKill = crashOutcomes.length - sentAtKill;
  const ackedAfterKill = crashOutcomes.filter((o, i) => i >= sentAtKill && acknowledged(o)).length;
  log(`crash: SIGKILL to process group ${server.child.pid} after ${ackedBeforeKill.size} acknowledgements; killed ${killedMembers.join(", ")}; ${inFlightAtKill} requests were in flight (${ackedAfterKill} of them still answered 2xx)`);
  agent.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  server = await startServer(port, databaseUrl, tempDir, logFile);
  // The restarted server accepts new work and counts what survived.
  const after = await request(port, "POST", "/api/samples", makeSubmissions(1, [`soak-${runId}-after`])[0].body);
  if (after.status !== 201) fail(`a submission after the restart answered ${after.status}: ${after.body.slice(0, 300)}`);
  const sentBeforeKill = crashOutcomes.map((o) => o.submission);
  const allAcked = new Set(crashOutcomes.filter(acknowledged).map((o) => o.submission.id));
  const crashCheck = await verify(databaseUrl, sentBeforeKill, allAcked, `soak-${runId}-crash-`);
  const settings = provider === "sqlite" ? await sqliteSettings(databaseUrl) : undefined;

  // --- Retrain killed mid-epoch ---------------------------------------------------------------
  const retrainPhase = await retrainCrashPhase(server, databaseUrl, tempDir, [...allAcked]);
  server = retrainPhase.server;
  const { retrain } = retrainPhase;
  await stopServer(server);
  const crash = {
    sent: crashOutcomes.length,
    acknowledged: ackedBeforeKill.size,
    acknowledged_in_flight: ackedAfterKill,
    acknowledged_lost: crashCheck.acknowledgedLost,
    partial_rows: crashCheck.partialRows,
    rows: crashCheck.rows,
    unacknowledged_stored: crashCheck.rows - crashCheck.partialRows - (allAcked.size - crashCheck.acknowledgedLost),
    statuses: countBy(crashOutcomes),
  };
  log(
    `crash: after the restart ${crash.rows} rows of the crash phase; ${crash.acknowledged_lost} acknowledged lost, ${crash.partial_rows} partial, ` +
      `${crash.unacknowledged_stored} stored but never acknowledged (killed before the answer; a client retries them with the same id)`,
  );
  for (const p of crashCheck.problems) log(`crash: ${p}`);

  const retrainOk = retrain.active_model_intact && (retrain.final_status === "succeeded" ? retrain.version_loads === true : retrain.final_status === "failed" && !!retrain.error);
  const ok = load.lost === 0 && load.partial_rows === 0 && load.acknowledged === load.sent && crash.acknowledged_lost === 0 && crash.partial_rows === 0 && loadCheck.problems.length === 0 && crashCheck.problems.length === 0 && retrainOk;
  if (!args["keep-temp"] && ok) fs.rmSync(tempDir, { recursive: true, force: true });
  const result = {
    ok,
    mode: quick ? "quick" : "full",
    database: provider,
    ...(settings ? { sqlite: { journal_mode: settings.journal_mode, pragmas: SQLITE_PRAGMAS } } : {}),
    rate_limit: { SAMPLES_RATE_LIMIT_PER_MINUTE: samplesPerMinute, per_address_per_minute: samplesPerMinute * 10 },
    connections: config.connections,
    writers: config.writers,
    seconds: Math.round((Date.now() - started) / 1000),
    load,
    crash,
    retrain,
  };
  console.log(JSON.stringify(result));
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
