import type { LstmKernels } from "../model/kernels/wasm-kernels";
import { addLowRank, type LowRankMath, lowRankGrads } from "./low-rank";
import type { AdaptedTensor } from "./adapter-plan";

/** Floats one low-rank tensor's products need in wasm memory: A, B, Aᵀ, Bᵀ, dA and dB. */
const roomFor = (rows: number, cols: number, rank: number) => 3 * rank * (rows + cols);

/** Floats of wasm memory lowRankOnWasm needs for the largest of these low-rank tensors. */
export function lowRankRoomFloats(plan: readonly AdaptedTensor[]): number {
  return plan.reduce((m, t) => (t.kind === "lowrank" ? Math.max(m, roomFor(t.rows, t.cols, t.rank)) : m), 0);
}

/**
 * The low-rank products on the kernels' SIMD GEMM, for weights and gradients that live in the
 * kernels' memory (a network's params() and grads()). The JS loops took over a quarter of an
 * adaptation step, merging A·B and projecting the gradient once per batch.
 *
 * The factors are copied into `roomFloats` of the kernels' persistent memory, taken here from the
 * room reserved when the network was made (BiLstmNetwork.create's extraPersistentFloats, sized
 * with lowRankRoomFloats): persistent memory never grows, so the callers' views of the parameters
 * stay valid. Arrays outside the kernels' memory, shapes the GEMM cannot take (it needs column
 * counts that are multiples of 4) and tensors larger than the room run the loops of low-rank.ts.
 */
export function lowRankOnWasm(kernels: LstmKernels, roomFloats: number): LowRankMath {
  const e = kernels.exports;
  const room = { ptr: kernels.allocPersistent(roomFloats), floats: roomFloats };
  const inMemory = (x: Float32Array) => x.buffer === kernels.memory.buffer;
  const fits = (rows: number, cols: number, rank: number) => roomFor(rows, cols, rank) <= room.floats;
  return {
    addLowRank(w, wOffset, a, b, rows, cols, rank) {
      if (!inMemory(w) || cols % 4 !== 0 || !fits(rows, cols, rank)) return addLowRank(w, wOffset, a, b, rows, cols, rank);
      const aPtr = room.ptr, bPtr = aPtr + rows * rank * 4;
      kernels.f32(aPtr, rows * rank).set(a.subarray(0, rows * rank));
      kernels.f32(bPtr, rank * cols).set(b.subarray(0, rank * cols));
      e.gemm(rows, cols, rank, aPtr, rank, bPtr, cols, w.byteOffset + wOffset * 4, cols, 1);
    },
    lowRankGrads(g, gOffset, a, b, rows, cols, rank, dA, dB) {
      if (!inMemory(g) || cols % 4 !== 0 || rank % 4 !== 0 || !fits(rows, cols, rank)) return lowRankGrads(g, gOffset, a, b, rows, cols, rank, dA, dB);
      const aPtr = room.ptr, bPtr = aPtr + rows * rank * 4;
      const aTPtr = bPtr + rank * cols * 4, bTPtr = aTPtr + rank * rows * 4;
      const dAPtr = bTPtr + cols * rank * 4, dBPtr = dAPtr + rows * rank * 4;
      kernels.f32(aPtr, rows * rank).set(a.subarray(0, rows * rank));
      kernels.f32(bPtr, rank * cols).set(b.subarray(0, rank * cols));
      e.transpose(rows, rank, aPtr, aTPtr);
      e.transpose(rank, cols, bPtr, bTPtr);
      const G = g.byteOffset + gOffset * 4;
      e.gemm(rank, cols, rows, aTPtr, rows, G, cols, dBPtr, cols, 0); // dB = Aᵀ·G
      e.gemm(rows, rank, cols, G, cols, bTPtr, rank, dAPtr, rank, 0); // dA = G·Bᵀ
      dA.set(kernels.f32(dAPtr, rows * rank));
      dB.set(kernels.f32(dBPtr, rank * cols));
    },
  };
}
