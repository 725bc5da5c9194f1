import type { LstmKernelExports, LstmKernels } from "./wasm-kernels";

/**
 * A second thread for the fused kernels. A bidirectional layer's two directions are independent,
 * so while the calling thread runs the forward LSTM, this one runs the backward LSTM over the
 * same shared WebAssembly memory, and a recognition takes about half the time.
 *
 * The calling thread writes a short program of kernel calls into a control block in the shared
 * memory and wakes the helper with Atomics.notify; the helper runs it and posts "done" the same
 * way. Both sides block with Atomics.wait, so the caller must be a worker (or Node's main
 * thread): browsers forbid blocking the page's main thread.
 *
 * Starting the thread is environment-specific (a Worker from a Blob in browsers, worker_threads
 * in Node), so lib/ takes it as a `ThreadSpawner` and stays free of both.
 */

/** Starts a thread running `source`, a self-contained classic script. */
export type ThreadSpawner = (source: string) => SpawnedThread;

export interface SpawnedThread {
  postMessage(message: unknown): void;
  /** Registers the handler for the thread's messages and for its failure to start or run. */
  listen(onMessage: (data: unknown) => void, onError: (error: Error) => void): void;
  terminate(): void;
}

/** One kernel call: an export's name and its integer arguments (sizes and byte offsets). */
export type KernelCall = [name: keyof LstmKernelExports, ...args: number[]];

// Control block layout (int32 words).
const SEQ = 0; // bumped by the caller for each program; -1 asks the helper to exit
const DONE = 1; // set by the helper to the SEQ it finished (negated if a call threw)
const LENGTH = 2; // words of program that follow
const LINGER = 3; // 1: more programs follow soon, so spin for the next one before sleeping
const PROGRAM = 4;
const CONTROL_WORDS = 512;
/**
 * How long each side busy-waits before sleeping in Atomics.wait. Waking a sleeping thread took
 * 0.03–0.15 ms typically, and up to several ms on a loaded machine, so a short spin pays. It stays
 * short because on the Write page each spinning millisecond is taken from the page's own frame
 * (React, layout, raster) on a 2-core machine: with 3 ms the 2-thread page read the bench word
 * slower than one thread (pen-up → transcript 26–32 ms against 22–24 ms, the network 12–14 ms
 * against 7–9 ms); with 0.5 ms it reads it in 20–25 ms against 22–28 ms, network 5–9 ms. Node,
 * where nothing else runs, is unchanged (2-thread network 4.8–5.2 ms both ways).
 */
const SPIN_MS = 0.5;
/** A program runs a handful of calls; this is a generous bound on waiting for one. */
const DEFAULT_WAIT_LIMIT_MS = 30_000;

const EXPORT_NAMES: (keyof LstmKernelExports)[] = [
  "gemm", "transpose", "add_bias", "col_sum", "lstm_forward", "lstm_backward", "copy_steps", "add_steps", "pack_panels", "lstm_forward_single",
  "quantize_rows", "gemm_i8", "gemm_i8_raw", "lstm_forward_single_i8",
];

/**
 * The helper's whole program. A classic script (no imports), so it can start from a Blob URL in
 * a browser or from a string in Node without any bundler support.
 */
const HELPER_SOURCE = `"use strict";
const SEQ = ${SEQ}, DONE = ${DONE}, LENGTH = ${LENGTH}, LINGER = ${LINGER}, PROGRAM = ${PROGRAM};
const SPIN_MS = ${SPIN_MS};
const node = typeof require === "function" && typeof importScripts === "undefined";
const port = node ? require("node:worker_threads").parentPort : self;
const listen = (fn) => (node ? port.on("message", fn) : port.addEventListener("message", (e) => fn(e.data)));
listen(async (init) => {
  try {
    const instance = await WebAssembly.instantiate(init.module, { env: { memory: init.memory } });
    const fns = init.names.map((n) => instance.exports[n]);
    const ctl = new Int32Array(init.memory.buffer, init.control, ${CONTROL_WORDS});
    // Read the sequence number before saying "ready": the caller's first program may follow at
    // once, and taking its number for the last one seen would leave this thread waiting forever.
    let seen = Atomics.load(ctl, SEQ);
    let linger = false;
    port.postMessage({ ready: true });
    for (;;) {
      // Spin a moment before sleeping when more work is announced: a recognition's next layer
      // usually comes within a millisecond, and waking a sleeping thread can cost more than that.
      // Otherwise sleep at once, leaving the core to the page.
      let spinUntil = linger ? performance.now() + SPIN_MS : 0;
      while (Atomics.load(ctl, SEQ) === seen) {
        if (performance.now() < spinUntil) continue;
        // Woken by prepare() (or by the program itself): a program follows shortly, so spin for it.
        Atomics.wait(ctl, SEQ, seen);
        spinUntil = performance.now() + SPIN_MS;
      }
      seen = Atomics.load(ctl, SEQ);
      if (seen < 0) return;
      let ok = true;
      try {
        const end = PROGRAM + ctl[LENGTH];
        for (let p = PROGRAM; p < end; ) {
          const fn = fns[ctl[p]], n = ctl[p + 1];
          fn(...ctl.subarray(p + 2, p + 2 + n));
          p += 2 + n;
        }
      } catch (e) {
        ok = false;
      }
      linger = ctl[LINGER] === 1;
      Atomics.store(ctl, DONE, ok ? seen : -seen);
      Atomics.notify(ctl, DONE);
    }
  } catch (e) {
    port.postMessage({ error: String((e && e.message) || e) });
  }
});
`;

export class KernelThread {
  private seq = 0;
  private running = false;
  private broken: Error | null = null;

  private constructor(
    private readonly kernels: LstmKernels,
    private readonly thread: SpawnedThread,
    private readonly control: number,
    private readonly waitLimitMs: number,
  ) {}

  /**
   * Starts the helper on `kernels` (which must have been created with shared memory) and waits
   * until it is ready. Rejects if the environment cannot run it; callers fall back to one thread.
   */
  static async start(kernels: LstmKernels, spawn: ThreadSpawner, limits: { startMs?: number; waitMs?: number } = {}): Promise<KernelThread> {
    const timeoutMs = limits.startMs ?? 10_000;
    if (!kernels.shared) throw new Error("a kernel thread needs kernels created with shared memory");
    const control = kernels.allocPersistent(CONTROL_WORDS);
    const thread = spawn(HELPER_SOURCE);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the kernel thread did not start within ${timeoutMs} ms`)), timeoutMs);
        thread.listen(
          (data) => {
            const message = data as { ready?: boolean; error?: string };
            clearTimeout(timer);
            if (message.ready) resolve();
            else reject(new Error(`the kernel thread failed to start: ${message.error ?? "unknown error"}`));
          },
          (error) => {
            clearTimeout(timer);
            reject(error);
          },
        );
        thread.postMessage({ module: kernels.module, memory: kernels.memory, control, names: EXPORT_NAMES });
      });
    } catch (e) {
      thread.terminate();
      throw e;
    }
    return new KernelThread(kernels, thread, control, limits.waitMs ?? DEFAULT_WAIT_LIMIT_MS);
  }

  private ctl(): Int32Array {
    return new Int32Array(this.kernels.memory.buffer, this.control, CONTROL_WORDS);
  }

  /**
   * Wakes the helper so it is spinning, not asleep, when the first program of a recognition
   * arrives (call it before work that precedes begin(), such as preprocessing).
   */
  prepare(): void {
    if (!this.broken && !this.running) Atomics.notify(this.ctl(), SEQ);
  }

  /**
   * Hands `calls` to the helper and returns at once; `wait()` blocks until they have run.
   * `more`: another program follows shortly, so the helper spins for it instead of sleeping.
   */
  begin(calls: KernelCall[], more = false): void {
    if (this.broken) throw this.broken;
    if (this.running) throw new Error("the kernel thread is already running a program");
    const ctl = this.ctl();
    let p = PROGRAM;
    for (const [name, ...args] of calls) {
      const fn = EXPORT_NAMES.indexOf(name);
      if (fn < 0) throw new Error(`unknown kernel "${name}"`);
      if (p + 2 + args.length > CONTROL_WORDS) throw new Error(`kernel program longer than ${CONTROL_WORDS - PROGRAM} words`);
      ctl[p] = fn;
      ctl[p + 1] = args.length;
      ctl.set(args, p + 2);
      p += 2 + args.length;
    }
    ctl[LENGTH] = p - PROGRAM;
    ctl[LINGER] = more ? 1 : 0;
    this.seq = this.seq >= 0x3fffffff ? 1 : this.seq + 1;
    this.running = true;
    Atomics.store(ctl, SEQ, this.seq);
    Atomics.notify(ctl, SEQ);
  }

  /** Blocks until the program from begin() has run; throws if it failed or the thread is gone. */
  wait(): void {
    if (!this.running) return;
    const ctl = this.ctl();
    const deadline = Date.now() + this.waitLimitMs;
    let done = Atomics.load(ctl, DONE);
    const spinUntil = performance.now() + SPIN_MS;
    while (done !== this.seq && done !== -this.seq && performance.now() < spinUntil) done = Atomics.load(ctl, DONE);
    while (done !== this.seq && done !== -this.seq) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.running = false;
        this.broken = new Error(`the kernel thread did not answer within ${this.waitLimitMs} ms`);
        throw this.broken;
      }
      Atomics.wait(ctl, DONE, done, left);
      done = Atomics.load(ctl, DONE);
    }
    this.running = false;
    if (done < 0) {
      this.broken = new Error("a kernel call failed on the kernel thread");
      throw this.broken;
    }
  }

  /** True until the helper has failed once (callers then stay on one thread). */
  get healthy(): boolean {
    return this.broken === null;
  }

  dispose(): void {
    const ctl = this.ctl();
    Atomics.store(ctl, SEQ, -1);
    Atomics.notify(ctl, SEQ);
    this.thread.terminate();
    this.broken ??= new Error("the kernel thread has been stopped");
  }
}
