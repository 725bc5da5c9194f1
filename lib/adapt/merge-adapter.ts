import type { FactoredGradient, ParamSpec } from "../model/network";
import type { AdapterSlot } from "./adapter-plan";
import { LOW_RANK_LOOPS, type LowRankMath } from "./low-rank";

/** Views of one slot's values in the adapter block: the full delta, or A and B. */
function parts(adapter: Float32Array, slot: AdapterSlot): { delta?: Float32Array; a?: Float32Array; b?: Float32Array } {
  const { rows, cols, rank, kind } = slot.tensor;
  if (kind === "full") return { delta: adapter.subarray(slot.offset, slot.offset + rows * cols) };
  return {
    a: adapter.subarray(slot.offset, slot.offset + rows * rank),
    b: adapter.subarray(slot.offset + rows * rank, slot.offset + slot.size),
  };
}

function specOf(specs: readonly ParamSpec[], name: string): ParamSpec {
  const s = specs.find((p) => p.name === name);
  if (!s) throw new Error(`the adaptation changes "${name}", which this model does not have`);
  return s;
}

/**
 * Writes base + Δ into `out` (a parameter block in paramSpecs layout; may be `base` itself
 * only when the caller wants it modified in place). `math` runs the low-rank products: the JS
 * loops, or a network's wasm GEMM (low-rank-wasm.ts) when `out` is that network's params().
 */
export function mergeAdapter(base: Float32Array, specs: readonly ParamSpec[], slots: readonly AdapterSlot[], adapter: Float32Array, out: Float32Array, math: LowRankMath = LOW_RANK_LOOPS): void {
  if (out !== base) out.set(base);
  for (const slot of slots) {
    const s = specOf(specs, slot.tensor.name);
    if (s.size !== slot.tensor.rows * slot.tensor.cols) throw new Error(`adapted "${s.name}" is [${slot.tensor.rows}, ${slot.tensor.cols}] but the model's is [${s.shape}]`);
    const p = parts(adapter, slot);
    if (p.delta) for (let i = 0; i < p.delta.length; i++) out[s.offset + i] += p.delta[i];
    else math.addLowRank(out, s.offset, p.a!, p.b!, slot.tensor.rows, slot.tensor.cols, slot.tensor.rank);
  }
}

/** A low-rank slot whose factors' gradients the network's backward() computes itself (its GEMM takes ranks in steps of 4). */
const isFactored = (slot: AdapterSlot) => slot.tensor.kind === "lowrank" && slot.tensor.rank % 4 === 0;

/**
 * The adapter's gradient (overwritten into `out`) from the gradient of the merged parameters.
 * With `lowRankDone`, the factored low-rank slots of `out` already hold their gradients (the network's
 * backward() added them, see factoredGradients) and only the full deltas are copied.
 */
export function adapterGradients(
  paramGrads: Float32Array,
  specs: readonly ParamSpec[],
  slots: readonly AdapterSlot[],
  adapter: Float32Array,
  out: Float32Array,
  math: LowRankMath = LOW_RANK_LOOPS,
  lowRankDone = false,
): void {
  for (const slot of slots) {
    const s = specOf(specs, slot.tensor.name);
    const p = parts(adapter, slot);
    const g = parts(out, slot);
    if (p.delta) g.delta!.set(paramGrads.subarray(s.offset, s.offset + s.size));
    else if (!(lowRankDone && isFactored(slot))) math.lowRankGrads(paramGrads, s.offset, p.a!, p.b!, slot.tensor.rows, slot.tensor.cols, slot.tensor.rank, g.a!, g.b!);
  }
}

/**
 * The low-rank slots as BiLstmNetwork.backward's factored gradients: it adds ∂L/∂A and ∂L/∂B
 * straight into `out`'s A and B parts (zero them first), skipping each kernel's full gradient.
 * Slots whose rank the GEMM cannot take (not a multiple of 4) are left out: adapterGradients
 * projects those from the full gradient as before.
 */
export function factoredGradients(slots: readonly AdapterSlot[], adapter: Float32Array, out: Float32Array): FactoredGradient[] {
  return slots
    .filter(isFactored)
    .map((slot) => {
      const p = parts(adapter, slot), g = parts(out, slot);
      return { name: slot.tensor.name, rank: slot.tensor.rank, a: p.a!, b: p.b!, dA: g.a!, dB: g.b! };
    });
}

/**
 * A fresh adapter whose delta is exactly zero (the base model, unchanged): full deltas and
 * every B are zero, each A is small and random, so the first steps can move B (LoRA's start).
 */
export function initAdapter(slots: readonly AdapterSlot[], size: number, rand: () => number): Float32Array {
  const adapter = new Float32Array(size);
  for (const slot of slots) {
    if (slot.tensor.kind !== "lowrank") continue;
    const { rows, rank } = slot.tensor;
    const scale = 1 / Math.sqrt(rows);
    for (let i = 0; i < rows * rank; i++) adapter[slot.offset + i] = (rand() * 2 - 1) * scale;
  }
  return adapter;
}
