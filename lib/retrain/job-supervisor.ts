import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../db";
import { hasCheckpoint, runFolder } from "./run-folder";
import { claimNextRun, failRun, recoverStaleRuns } from "./run-queue";

export interface SupervisorOptions {
  db: PrismaClient;
  /** Project root: scripts/retrain-job.ts lives under it. */
  root: string;
  dataDir: string;
  /** How often to look for stale runs and queued work. */
  tickMs?: number;
  staleMs?: number;
  /** Starts the job process for a claimed run (default: tsx scripts/retrain-job.ts <id>). */
  spawnJob?: (runId: string) => ChildProcess;
  log?: (line: string) => void;
}

/**
 * Runs retraining jobs one at a time, outside the request path. Every tick it
 *  1. recovers runs whose job died (stale heartbeat: resume from checkpoint, or fail),
 *  2. claims the oldest queued run if nothing is running (on any instance: the claim is a
 *     database transaction), and starts its job as a child process.
 * When a job process exits without finishing its run (killed, crashed), the run is failed
 * with the exit reason; a job that outlives this server (the server crashed, the job did not)
 * keeps its run alive through its heartbeat and finishes it.
 */
export class RetrainSupervisor {
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private child: { runId: string; process: ChildProcess } | null = null;

  constructor(private readonly options: SupervisorOptions) {}

  start(): this {
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), this.options.tickMs ?? 2000);
      this.timer.unref();
      void this.tick();
    }
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The run this server's job process is working on, if any. */
  get currentRunId(): string | null {
    return this.child?.runId ?? null;
  }

  /** One round of recovery and scheduling; safe to call any time (e.g. right after enqueueing). */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    const { db, dataDir } = this.options;
    try {
      const recovered = await recoverStaleRuns(db, { staleMs: this.options.staleMs, hasCheckpoint: (id) => hasCheckpoint(dataDir, id) });
      for (const id of recovered.resumed) this.log(`run ${id}: its job stopped; queued again to resume from its checkpoint`);
      for (const id of recovered.failed) this.log(`run ${id}: its job stopped with nothing to resume; marked failed`);
      if (this.child) return;
      let run;
      try {
        run = await claimNextRun(db);
      } catch (error) {
        // Another instance claimed at the same moment (serialization failure): try next tick.
        this.log(`claim skipped: ${(error as Error).message.split("\n")[0]}`);
        return;
      }
      if (run) this.launch(run.id);
    } catch (error) {
      this.log(`supervisor tick failed: ${(error as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  private launch(runId: string): void {
    const { root, dataDir } = this.options;
    const folder = runFolder(dataDir, runId);
    mkdirSync(folder, { recursive: true });
    const output = path.join(folder, "process.log");
    const child = (this.options.spawnJob ?? ((id) => defaultSpawn(root, id)))(runId);
    this.child = { runId, process: child };
    let tail = "";
    const keep = (chunk: Buffer) => {
      appendFileSync(output, chunk);
      tail = (tail + chunk.toString()).slice(-2000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.log(`run ${runId}: job started (pid ${child.pid})`);
    child.once("exit", (code, signal) => {
      this.child = null;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      this.log(`run ${runId}: job ${how}`);
      const lastLine = tail.trim().split("\n").filter(Boolean).at(-1) ?? "";
      failRun(this.options.db, runId, `The training job ${how} before finishing${lastLine ? ` (last output: ${lastLine.slice(0, 500)})` : ""}. The active model was not changed.`)
        .catch((e) => this.log(`run ${runId}: could not mark failed: ${(e as Error).message}`))
        .finally(() => void this.tick());
    });
  }

  private log(line: string): void {
    (this.options.log ?? ((l: string) => console.log(`retrain: ${l}`)))(line);
  }
}

/** The job's command line: `node --import tsx scripts/retrain-job.ts <id>`. */
export function jobCommand(root: string, runId: string): { command: string; args: string[] } {
  return { command: process.execPath, args: ["--import", "tsx", path.join(root, "scripts", "retrain-job.ts"), runId] };
}

/**
 * Starts the job with the server's environment. A plain spawn of a computed command (not fork
 * of a literal path): the server bundler would otherwise try to bundle the script as a module.
 */
function defaultSpawn(root: string, runId: string): ChildProcess {
  const { command, args } = jobCommand(root, runId);
  return spawn(command, args, { cwd: root, env: { ...process.env, INKWELL_ROOT: root }, stdio: ["ignore", "pipe", "pipe"] });
}
