import { type ModelConfig } from "../model/config";
import { paramSpecs } from "../model/network";

/**
 * Which base weights a personal adaptation changes, and how. A writer gives 10–50 samples, far
 * too few to move 2.1M weights, so the adaptation is a small delta added to the base model:
 *
 * - "full": a dense delta of the whole tensor (cheap tensors: biases, the first layer's input
 *   kernel, which sees the raw pen features, and the output layer, which maps to letters);
 * - "lowrank": ΔW = A·B with A [rows, rank] and B [rank, cols] (the big LSTM kernels, where a
 *   writer's style is a few directions, not a new matrix).
 *
 * The plan is stored in the adaptation record, so a record is applied exactly as it was trained.
 */
export interface AdaptedTensor {
  /** Base weight name (tfjs-layers naming, see paramSpecs). */
  name: string;
  /** [rows, cols]; a bias is [1, n]. */
  rows: number;
  cols: number;
  kind: "full" | "lowrank";
  /** Rank of A·B for "lowrank"; 0 for "full". */
  rank: number;
}

export interface AdapterPlanOptions {
  /** Rank of the low-rank deltas on the LSTM kernels: 8 gives ~115k adapted values for 3×BiLSTM-192. */
  rank: number;
  /** Adapt the recurrent kernels too (low rank): writers differ in how letters flow into each other. */
  recurrent: boolean;
  /**
   * Adapt the output layer (kernel and bias). CTC pushes down every letter a writer's samples do
   * not show, so with 50 samples the output layer is where letters they never wrote drift.
   */
  outputLayer?: boolean;
}

export const DEFAULT_PLAN_OPTIONS: AdapterPlanOptions = { rank: 8, recurrent: true };

export function adapterPlan(config: ModelConfig, options: AdapterPlanOptions = DEFAULT_PLAN_OPTIONS): AdaptedTensor[] {
  if (!Number.isInteger(options.rank) || options.rank < 1 || options.rank > 64) throw new Error(`adapter rank must be an integer in 1..64, got ${options.rank}`);
  const plan: AdaptedTensor[] = [];
  for (const s of paramSpecs(config)) {
    const [rows, cols] = s.shape.length === 1 ? [1, s.shape[0]] : s.shape;
    const isBias = s.shape.length === 1;
    const firstLayerInput = s.name.startsWith("bilstm_1/") && s.name.endsWith("/kernel");
    const dense = s.name.startsWith("ctc_logits/");
    const recurrent = s.name.endsWith("/recurrent_kernel");
    if (dense && options.outputLayer === false) continue;
    if (isBias || firstLayerInput || dense) plan.push({ name: s.name, rows, cols, kind: "full", rank: 0 });
    else if (!recurrent || options.recurrent) plan.push({ name: s.name, rows, cols, kind: "lowrank", rank: Math.min(options.rank, rows, cols) });
  }
  return plan;
}

/** Where each adapted tensor's values sit in the adapter's one flat block. */
export interface AdapterSlot {
  tensor: AdaptedTensor;
  /** "full": the delta [rows, cols] at `offset`; "lowrank": A [rows, rank] at `offset`, then B [rank, cols]. */
  offset: number;
  size: number;
}

export function adapterLayout(plan: readonly AdaptedTensor[]): { slots: AdapterSlot[]; size: number } {
  let offset = 0;
  const slots = plan.map((tensor) => {
    const size = tensor.kind === "full" ? tensor.rows * tensor.cols : tensor.rank * (tensor.rows + tensor.cols);
    const slot = { tensor, offset, size };
    offset += size;
    return slot;
  });
  return { slots, size: offset };
}
