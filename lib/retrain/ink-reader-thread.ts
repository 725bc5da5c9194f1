import { Worker } from "node:worker_threads";
import type { Ink } from "../ink/types";
import { bundleWorker } from "../node/bundle-worker";
import type { ReadRequest, ReadResponse } from "./read-ink-worker";

/**
 * Reads inks on one worker thread (read-ink-worker.ts), in the order asked. Started on first
 * use; if the thread dies, the readings in flight fail and the next read starts a new one.
 */
export class InkReaderThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  private nextId = 1;

  read(modelDir: string, ink: Ink): Promise<string> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ type: "read", id, modelDir, ink } satisfies ReadRequest);
    });
  }

  /** Readings waiting or in progress. */
  get inFlight(): number {
    return this.pending.size;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(bundleWorker("lib/retrain/read-ink-worker.ts"));
    // The thread must not keep a script (or a test) alive on its own.
    worker.unref();
    worker.on("message", (m: ReadResponse) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === "read") p.resolve(m.text);
      else p.reject(new Error(m.message));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the ink reading thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
