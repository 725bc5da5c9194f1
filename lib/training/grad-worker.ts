import { parentPort, workerData } from "node:worker_threads";
import { BiLstmNetwork } from "../model/network";
import { mulberry32 } from "../random/mulberry32";
import type { ModelConfig } from "../model/config";
import { ctcLossAndGrad } from "../ctc/ctc-loss";

/**
 * A training worker thread: holds its own copy of the network (its own wasm memory) and turns
 * a shard of a batch into CTC loss and parameter gradients, or into logits for evaluation.
 * Data parallelism over worker threads is how training uses every core.
 */
export interface WorkerShard {
  features: Float32Array[];
  lengths: number[];
  labels?: number[][];
}
export type WorkerRequest =
  | { type: "grad"; id: number; params?: Float32Array; shard: WorkerShard; seed: number; lossScale: number }
  | { type: "logits"; id: number; params?: Float32Array; shard: WorkerShard };
export type WorkerResponse =
  | { type: "grad"; id: number; grads: Float32Array; lossSum: number; infeasible: number }
  | { type: "logits"; id: number; logits: Float32Array[] }
  | { type: "error"; id: number; message: string };

async function main() {
  const config = (workerData as { config: ModelConfig }).config;
  const net = await BiLstmNetwork.create(config);
  const C = config.charset.chars.length;
  const port = parentPort!;
  port.on("message", (req: WorkerRequest) => {
    try {
      if (req.params) {
        net.params().set(req.params);
        net.syncDerived();
      }
      const batch = { features: req.shard.features, lengths: req.shard.lengths };
      if (req.type === "logits") {
        const { logits } = net.forward(batch);
        port.postMessage({ type: "logits", id: req.id, logits } satisfies WorkerResponse, logits.map((l) => l.buffer as ArrayBuffer));
        return;
      }
      const { logits, state } = net.forward(batch, { training: true, rng: mulberry32(req.seed) });
      let lossSum = 0, infeasible = 0;
      const dLogits = logits.map((l, b) => {
        const r = ctcLossAndGrad(l, batch.lengths[b], C, req.shard.labels![b], config.charset.blank);
        if (!r.feasible) {
          infeasible++;
          return new Float32Array(l.length);
        }
        lossSum += r.loss;
        const g = r.grad;
        for (let i = 0; i < g.length; i++) g[i] *= req.lossScale;
        return g;
      });
      net.zeroGrads();
      net.backward(state, dLogits);
      const grads = net.grads().slice();
      port.postMessage({ type: "grad", id: req.id, grads, lossSum, infeasible } satisfies WorkerResponse, [grads.buffer]);
    } catch (e) {
      port.postMessage({ type: "error", id: req.id, message: (e as Error).stack ?? String(e) } satisfies WorkerResponse);
    }
  });
  port.postMessage({ type: "ready" });
}

void main();
