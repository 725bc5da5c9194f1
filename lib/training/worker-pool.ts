import { Worker } from "node:worker_threads";
import { bundleWorker } from "../node/bundle-worker";
import type { ModelConfig } from "../model/config";
import type { WorkerRequest, WorkerResponse, WorkerShard } from "./grad-worker";

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void };

/** A fixed set of gradient workers; shards a batch across them and sums the results. */
export class WorkerPool {
  private workers: Worker[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 1;
  /** Which params version each worker holds, so unchanged params are not re-sent. */
  private held: number[] = [];

  static async start(config: ModelConfig, count: number): Promise<WorkerPool> {
    const pool = new WorkerPool();
    const entry = bundleWorker("lib/training/grad-worker.ts");
    await Promise.all(
      Array.from({ length: count }, () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(entry, { workerData: { config } });
          w.once("error", reject);
          w.on("message", (m: WorkerResponse | { type: "ready" }) => {
            if (m.type === "ready") return resolve();
            const p = pool.pending.get(m.id);
            if (!p) return;
            pool.pending.delete(m.id);
            if (m.type === "error") p.reject(new Error(`training worker failed: ${m.message}`));
            else p.resolve(m);
          });
          pool.workers.push(w);
          pool.held.push(-1);
        }),
      ),
    );
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  private call(i: number, req: WorkerRequest): Promise<WorkerResponse> {
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject });
      this.workers[i].postMessage(req);
    });
  }

  /** Splits samples into ≤ size shards with roughly equal frame counts. */
  static shard<T extends { lengths: number[] }>(n: number, lengths: number[], parts: number): number[][] {
    const order = [...lengths.keys()].sort((a, b) => lengths[b] - lengths[a]);
    const shards: number[][] = Array.from({ length: Math.min(parts, n) }, () => []);
    const load = shards.map(() => 0);
    for (const i of order) {
      const k = load.indexOf(Math.min(...load));
      shards[k].push(i);
      load[k] += lengths[i];
    }
    return shards.filter((s) => s.length > 0);
  }

  /** Loss and summed gradients for a batch, computed in parallel. */
  async gradients(
    params: Float32Array,
    paramsVersion: number,
    batch: Required<WorkerShard>,
    seed: number,
    lossScale: number,
  ): Promise<{ grads: Float32Array; lossSum: number; infeasible: number }> {
    const shards = WorkerPool.shard(batch.features.length, batch.lengths, this.size);
    const results = await Promise.all(
      shards.map((idx, i) => {
        const sendParams = this.held[i] !== paramsVersion;
        this.held[i] = paramsVersion;
        return this.call(i, {
          type: "grad",
          id: this.nextId++,
          params: sendParams ? params : undefined,
          shard: { features: idx.map((j) => batch.features[j]), lengths: idx.map((j) => batch.lengths[j]), labels: idx.map((j) => batch.labels[j]) },
          seed: seed * 31 + i,
          lossScale,
        });
      }),
    );
    const grads = new Float32Array(params.length);
    let lossSum = 0, infeasible = 0;
    for (const r of results) {
      if (r.type !== "grad") throw new Error("unexpected worker response");
      for (let k = 0; k < grads.length; k++) grads[k] += r.grads[k];
      lossSum += r.lossSum;
      infeasible += r.infeasible;
    }
    return { grads, lossSum, infeasible };
  }

  /** Logits for each sample (evaluation), in input order. */
  async logits(params: Float32Array, paramsVersion: number, features: Float32Array[], lengths: number[]): Promise<Float32Array[]> {
    const shards = WorkerPool.shard(features.length, lengths, this.size);
    const out: Float32Array[] = new Array(features.length);
    await Promise.all(
      shards.map(async (idx, i) => {
        const sendParams = this.held[i] !== paramsVersion;
        this.held[i] = paramsVersion;
        const r = await this.call(i, { type: "logits", id: this.nextId++, params: sendParams ? params : undefined, shard: { features: idx.map((j) => features[j]), lengths: idx.map((j) => lengths[j]) } });
        if (r.type !== "logits") throw new Error("unexpected worker response");
        idx.forEach((j, k) => (out[j] = r.logits[k]));
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
