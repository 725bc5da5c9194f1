import { LSTM_WASM_BASE64 } from "./lstm-wasm";

/**
 * Loads the fused LSTM kernels (lstm.c compiled to WebAssembly SIMD) and manages their memory.
 *
 * Memory has two regions: a persistent one (weights, gradients, optimiser state) that lives as
 * long as the model, and a scratch arena that each forward/backward pass allocates from and
 * resets. All offsets are in bytes; `f32(ptr, n)` gives a fresh view (views go stale whenever
 * memory grows, so never keep one across an allocation).
 */
export interface LstmKernelExports {
  gemm(M: number, N: number, K: number, A: number, lda: number, B: number, ldb: number, C: number, ldc: number, accumulate: number): void;
  transpose(rows: number, cols: number, A: number, AT: number): void;
  add_bias(M: number, N: number, X: number, bias: number): void;
  col_sum(M: number, N: number, X: number, out: number, accumulate: number): void;
  lstm_forward(T: number, B: number, H: number, Z: number, U: number, Hs: number, Cs: number): void;
  lstm_backward(T: number, B: number, H: number, Z: number, Cs: number, UT: number, dH: number, dZ: number, dC: number): void;
  copy_steps(T: number, B: number, D: number, lens: number, src: number, srcStride: number, dst: number, dstStride: number, reverse: number): void;
  add_steps(T: number, B: number, D: number, lens: number, src: number, srcStride: number, dst: number, dstStride: number, reverse: number): void;
}

const PAGE = 65536;
const ALIGN = 16; // SIMD loads like 16-byte alignment

let compiled: Promise<WebAssembly.Module> | null = null;

function decodeBase64(b64: string): Uint8Array {
  if (typeof Buffer !== "undefined") return new Uint8Array(Buffer.from(b64, "base64"));
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** True when this JS engine can run WebAssembly with SIMD128 (the kernels need it). */
export function wasmSimdSupported(): boolean {
  if (typeof WebAssembly !== "object") return false;
  try {
    // The kernels themselves are the probe: without SIMD128 they fail validation.
    return WebAssembly.validate(kernelBytes() as BufferSource);
  } catch {
    return false;
  }
}

let bytes: Uint8Array | null = null;
function kernelBytes(): Uint8Array {
  return (bytes ??= decodeBase64(LSTM_WASM_BASE64));
}

export class LstmKernels {
  readonly exports: LstmKernelExports;
  readonly memory: WebAssembly.Memory;
  private persistentEnd: number;
  private scratchStart: number;
  private scratchTop: number;
  private persistentLimit: number;

  private constructor(instance: WebAssembly.Instance, memory: WebAssembly.Memory, persistentBytes: number) {
    this.exports = instance.exports as unknown as LstmKernelExports;
    this.memory = memory;
    this.persistentEnd = 1024; // keep address 0 unused so a null pointer is never valid data
    this.persistentLimit = align(1024 + persistentBytes, PAGE);
    this.scratchStart = this.persistentLimit;
    this.scratchTop = this.scratchStart;
  }

  /**
   * Instantiates the kernels. `persistentBytes` reserves room for weights and optimiser state;
   * scratch grows on demand.
   */
  static async create(persistentBytes = 64 << 20): Promise<LstmKernels> {
    if (!wasmSimdSupported()) throw new Error("WebAssembly SIMD is not available in this environment; the recognizer needs it");
    compiled ??= WebAssembly.compile(kernelBytes() as BufferSource);
    const module = await compiled;
    const pages = Math.ceil((align(1024 + persistentBytes, PAGE) + (16 << 20)) / PAGE);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: 65536 });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    return new LstmKernels(instance, memory, persistentBytes);
  }

  /** Allocates floats that live as long as the kernels (weights, gradients, optimiser moments). */
  allocPersistent(floats: number): number {
    const ptr = this.persistentEnd;
    const end = align(ptr + floats * 4, ALIGN);
    if (end > this.persistentLimit) throw new Error(`model needs more than the ${this.persistentLimit} bytes reserved for weights`);
    this.persistentEnd = end;
    new Float32Array(this.memory.buffer, ptr, floats).fill(0);
    return ptr;
  }

  /** Allocates scratch floats (not zeroed unless asked), valid until the next resetScratch(). */
  alloc(floats: number, zero = false): number {
    const ptr = this.scratchTop;
    const end = align(ptr + floats * 4, ALIGN);
    if (end > this.memory.buffer.byteLength) {
      const need = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
      this.memory.grow(Math.max(need, 256)); // grow in ≥16 MiB steps to avoid repeated copies
    }
    this.scratchTop = end;
    if (zero) new Float32Array(this.memory.buffer, ptr, floats).fill(0);
    return ptr;
  }

  allocInt32(values: ArrayLike<number>): number {
    const ptr = this.alloc(values.length);
    new Int32Array(this.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  resetScratch(): void {
    this.scratchTop = this.scratchStart;
  }

  f32(ptr: number, floats: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, floats);
  }
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
