import { LSTM_WASM_BASE64 } from "./lstm-wasm";

/**
 * Loads the fused LSTM kernels (lstm.c compiled to WebAssembly SIMD) and manages their memory.
 *
 * Memory has two regions: a persistent one (weights, gradients, optimiser state) that lives as
 * long as the model, and a scratch arena that each forward/backward pass allocates from and
 * resets. All offsets are in bytes; `f32(ptr, n)` gives a fresh view (views go stale whenever
 * memory grows, so never keep one across an allocation).
 *
 * With `shared: true` the memory is a SharedArrayBuffer and the kernels are the build that
 * imports one, so a KernelThread can run kernels on the same data from a second thread.
 */
export interface LstmKernelExports {
  gemm(M: number, N: number, K: number, A: number, lda: number, B: number, ldb: number, C: number, ldc: number, accumulate: number): void;
  transpose(rows: number, cols: number, A: number, AT: number): void;
  add_bias(M: number, N: number, X: number, bias: number): void;
  col_sum(M: number, N: number, X: number, out: number, accumulate: number): void;
  lstm_forward(T: number, B: number, H: number, Z: number, U: number, Hs: number, Cs: number): void;
  pack_panels(K: number, N: number, U: number, P: number): void;
  lstm_forward_single(T: number, H: number, Z: number, Upacked: number, Hs: number, Cs: number): void;
  lstm_backward(T: number, B: number, H: number, Z: number, Cs: number, UT: number, dH: number, dZ: number, dC: number): void;
  copy_steps(T: number, B: number, D: number, lens: number, src: number, srcStride: number, dst: number, dstStride: number, reverse: number): void;
  add_steps(T: number, B: number, D: number, lens: number, src: number, srcStride: number, dst: number, dstStride: number, reverse: number): void;
  // int8 inference path (lib/model/quantize.ts): biased 7-bit activations, int8 panels, int32 sums.
  quantize_rows(M: number, K: number, Kp: number, X: number, ldx: number, Q: number, scales: number): void;
  gemm_i8(M: number, N: number, Kp: number, Q: number, xs: number, P: number, corr: number, ws: number, bias: number, Z: number, ldz: number): void;
  gemm_i8_raw(M: number, N: number, Kp: number, Q: number, P: number, corr: number, raw: number): void;
  lstm_forward_single_i8(T: number, H: number, Z: number, P: number, corr: number, ws: number, Hs: number, Cs: number, hq: number): void;
}

const PAGE = 65536;
const ALIGN = 16; // SIMD loads like 16-byte alignment

/** Shared memories cannot move, so engines reserve their maximum up front: keep it modest. */
const SHARED_MAX_PAGES = 16384; // 1 GiB
const PLAIN_MAX_PAGES = 65536; // 4 GiB, wasm32's limit
const maxPages = (shared: boolean) => (shared ? SHARED_MAX_PAGES : PLAIN_MAX_PAGES);
/** Which compiled variant of lstm.c runs (see build.sh). */
export type KernelBuild = keyof typeof LSTM_WASM_BASE64;
const compiled = new Map<KernelBuild, Promise<WebAssembly.Module>>();
const bytes = new Map<KernelBuild, Uint8Array>();

function decodeBase64(b64: string): Uint8Array {
  if (typeof Buffer !== "undefined") return new Uint8Array(Buffer.from(b64, "base64"));
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function kernelBytes(build: KernelBuild): Uint8Array {
  let b = bytes.get(build);
  if (!b) bytes.set(build, (b = decodeBase64(LSTM_WASM_BASE64[build])));
  return b;
}

function validates(build: KernelBuild): boolean {
  try {
    return WebAssembly.validate(kernelBytes(build) as BufferSource);
  } catch {
    return false;
  }
}

/** True when this JS engine can run WebAssembly with SIMD128 (the kernels need it). */
export function wasmSimdSupported(): boolean {
  // The kernels themselves are the probe: without SIMD128 they fail validation.
  return typeof WebAssembly === "object" && validates("plain");
}

/** True when this environment can share kernel memory between threads (SharedArrayBuffer, Atomics). */
export function sharedMemorySupported(): boolean {
  if (!wasmSimdSupported() || typeof SharedArrayBuffer !== "function" || typeof Atomics !== "object") return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true } as WebAssembly.MemoryDescriptor);
    return validates("shared");
  } catch {
    return false; // e.g. a page that is not cross-origin isolated
  }
}

/** The fastest build this engine runs: with fused multiply-add (relaxed SIMD) where it validates. */
function pickBuild(shared: boolean): KernelBuild {
  const relaxed: KernelBuild = shared ? "shared-relaxed" : "relaxed";
  return validates(relaxed) ? relaxed : shared ? "shared" : "plain";
}

function compile(build: KernelBuild): Promise<WebAssembly.Module> {
  let compiling = compiled.get(build);
  if (!compiling) compiled.set(build, (compiling = WebAssembly.compile(kernelBytes(build) as BufferSource)));
  return compiling;
}

const relaxedChecked = new Map<KernelBuild, Promise<boolean>>();

/**
 * Runs the int8 kernel once on a known input: relaxed SIMD's i8×i7 dot product is exact for an
 * operand in [0, 127] on every conforming engine, but an early implementation (V8 11.3, Node 20
 * with --experimental-wasm-relaxed-simd) doubled the products and dropped the accumulator.
 */
function relaxedDotExact(build: KernelBuild, module: WebAssembly.Module): Promise<boolean> {
  let check = relaxedChecked.get(build);
  if (!check) {
    check = (async () => {
      try {
        const shared = build.startsWith("shared");
        const memory = new WebAssembly.Memory({ initial: 2, maximum: shared ? 2 : undefined, shared } as WebAssembly.MemoryDescriptor);
        const instance = await WebAssembly.instantiate(module, { env: { memory } });
        const e = instance.exports as unknown as LstmKernelExports;
        const Q = 1024, P = 1040, corr = 1280, raw = 1536;
        const q = new Uint8Array(memory.buffer, Q, 4), p = new Int8Array(memory.buffer, P, 128);
        q.set([1, 64, 100, 127]);
        for (let i = 0; i < 128; i++) p[i] = ((i * 37) % 255) - 127;
        new Int32Array(memory.buffer, corr, 32).fill(5);
        e.gemm_i8_raw(1, 32, 4, Q, P, corr, raw);
        const got = new Int32Array(memory.buffer, raw, 32);
        for (let n = 0; n < 32; n++) {
          let want = -5;
          for (let k = 0; k < 4; k++) want += p[n * 4 + k] * q[k];
          if (got[n] !== want) return false;
        }
        return true;
      } catch {
        return false;
      }
    })();
    relaxedChecked.set(build, check);
  }
  return check;
}

export class LstmKernels {
  readonly exports: LstmKernelExports;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
  readonly build: KernelBuild;
  private persistentEnd: number;
  private scratchStart: number;
  private scratchTop: number;
  private persistentLimit: number;

  private constructor(build: KernelBuild, module: WebAssembly.Module, instance: WebAssembly.Instance, memory: WebAssembly.Memory, persistentBytes: number) {
    this.build = build;
    this.exports = instance.exports as unknown as LstmKernelExports;
    this.memory = memory;
    this.module = module;
    this.persistentEnd = 1024; // keep address 0 unused so a null pointer is never valid data
    this.persistentLimit = align(1024 + persistentBytes, PAGE);
    this.scratchStart = this.persistentLimit;
    this.scratchTop = this.scratchStart;
  }

  /**
   * Instantiates the kernels. `persistentBytes` reserves room for weights and optimiser state;
   * scratch grows on demand. `shared` puts everything in shared memory (see sharedMemorySupported).
   * `fusedMultiplyAdd: false` keeps to the build without relaxed SIMD even where the engine has it.
   */
  static async create(persistentBytes = 64 << 20, options: { shared?: boolean; fusedMultiplyAdd?: boolean } = {}): Promise<LstmKernels> {
    if (!wasmSimdSupported()) throw new Error("WebAssembly SIMD is not available in this environment; the recognizer needs it");
    const shared = options.shared === true;
    if (shared && !sharedMemorySupported()) throw new Error("shared WebAssembly memory is not available here (it needs SharedArrayBuffer: a cross-origin isolated page, or Node)");
    let build: KernelBuild = options.fusedMultiplyAdd === false ? (shared ? "shared" : "plain") : pickBuild(shared);
    let module = await compile(build);
    if (build.endsWith("relaxed") && !(await relaxedDotExact(build, module))) {
      // An engine that validates relaxed SIMD but gets its integer dot product wrong (Node 20's
      // experimental flag does): the int8 kernels must not run on it, so neither does this build.
      build = shared ? "shared" : "plain";
      module = await compile(build);
    }
    const pages = Math.ceil((align(1024 + persistentBytes, PAGE) + (16 << 20)) / PAGE);
    const maximum = maxPages(shared);
    if (pages > maximum) throw new Error(`the kernels need ${pages} pages of memory, more than the ${maximum} allowed`);
    const memory = new WebAssembly.Memory({ initial: pages, maximum, shared } as WebAssembly.MemoryDescriptor);
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    return new LstmKernels(build, module, instance, memory, persistentBytes);
  }

  /** True when the memory is shared (the "shared" builds), so a KernelThread can use it too. */
  get shared(): boolean {
    return this.build.startsWith("shared");
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
      const max = maxPages(this.shared);
      const pages = this.memory.buffer.byteLength / PAGE;
      if (pages + need > max) throw new Error(`the kernels ran out of memory (${need} more pages needed, ${max - pages} left)`);
      this.memory.grow(Math.min(Math.max(need, 256), max - pages)); // grow in ≥16 MiB steps to avoid repeated copies
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

  i32(ptr: number, n: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, n);
  }

  i8(ptr: number, n: number): Int8Array {
    return new Int8Array(this.memory.buffer, ptr, n);
  }

  u8(ptr: number, n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, n);
  }

  /**
   * Bytes per weight of the int8 kernels' packed panels in this build: 1 (int8) for the relaxed
   * builds; 2 for the plain ones, which keep the same codes widened to int16 (lstm.c explains).
   */
  get panelBytesPerWeight(): 1 | 2 {
    return this.build.endsWith("relaxed") ? 1 : 2;
  }

  /**
   * Bytes per biased activation code (quantize_rows' output, the input of gemm_i8 and of the int8
   * recurrence) in this build: 1 for the relaxed builds; 2 for the plain ones, which keep the same
   * codes as 16-bit values so the int16 dot product needs no widening in its loop (lstm.c `xt`).
   */
  get activationBytes(): 1 | 2 {
    return this.panelBytesPerWeight;
  }

  /** The biased activation codes at ptr, in this build's width (see activationBytes). */
  activations(ptr: number, n: number): Uint8Array | Uint16Array {
    return this.activationBytes === 1 ? this.u8(ptr, n) : new Uint16Array(this.memory.buffer, ptr, n);
  }

  /** Writes packed int8 panels (quantize.ts packInt8) at ptr in this build's width. */
  setPanels(ptr: number, packed: Int8Array): void {
    if (this.panelBytesPerWeight === 1) new Int8Array(this.memory.buffer, ptr, packed.length).set(packed);
    else new Int16Array(this.memory.buffer, ptr, packed.length).set(packed);
  }
}

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
