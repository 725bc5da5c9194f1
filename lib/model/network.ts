import { LstmKernels } from "./kernels/wasm-kernels";
import { mulberry32 } from "../random/mulberry32";
import type { KernelCall, KernelThread } from "./kernels/kernel-thread";
import { type ModelConfig, numClasses, validateModelConfig } from "./config";
import { packInt8, packedSize, quantizeKernel } from "./quantize";

/** Which arithmetic infer() uses: float32 kernels, or int8 weights × 7-bit activations (lib/model/quantize.ts). */
export type Precision = "float" | "int8";

/** Which products the int8 precision runs in int8 (all by default); the others stay float. For measuring where accuracy goes. */
export interface Int8Parts {
  input: boolean;
  recurrent: boolean;
  dense: boolean;
}

/** One kernel in the int8 kernels' packed layout (byte pointers into wasm memory). */
interface Int8Kernel {
  P: number; // packed int8 panels
  corr: number; // int32 [Np]: 64 Σ_k W[k, n]
  ws: number; // float32 [Np]: per-column scales
  K: number;
  N: number;
  Kp: number;
  Np: number;
}

/**
 * The BiLSTM-CTC network on the fused WebAssembly kernels.
 *
 *   features [T, F] ─► BiLSTM(units) ×layers ─► Dense(classes) ─► logits [T, classes]
 *
 * Parameters are named and laid out exactly like tf.layers.bidirectional(tf.layers.lstm(...))
 * followed by tf.layers.dense, so tfjs can load our weights and we can load tfjs/Keras ones.
 * All parameters live in one contiguous Float32 block (`params`), and gradients in another
 * of the same layout, so the optimiser is a single loop.
 */
export interface ParamSpec {
  /** tfjs-layers weight name, e.g. "bilstm_1/forward_lstm_1/kernel". */
  name: string;
  shape: number[];
  /** Offset in floats into the parameter block. */
  offset: number;
  size: number;
}

/**
 * A kernel W = W₀ + A·B whose caller needs only the gradients of the low-rank factors A [rows, r]
 * and B [r, cols] (personal adaptation, lib/adapt), not the full ∂L/∂W. With X the kernel's
 * input rows and dZ its gate gradients, ∂L/∂W = Xᵀ·dZ, so ∂L/∂A = Xᵀ·(dZ·Bᵀ) and
 * ∂L/∂B = (X·A)ᵀ·dZ: products through rank r instead of the [rows, cols] GEMM over every step of
 * the batch, which took about half of an adaptation's time. backward() ADDS them into dA and dB
 * and leaves the kernel's own gradient in grads() untouched.
 */
export interface FactoredGradient {
  /** The kernel's parameter name, e.g. "bilstm_2/forward_lstm_2/kernel" or ".../recurrent_kernel". */
  name: string;
  rank: number;
  a: Float32Array;
  b: Float32Array;
  dA: Float32Array;
  dB: Float32Array;
}

export interface Batch {
  /** Row-major [len, F] features per sample. */
  features: Float32Array[];
  lengths: number[];
}

interface DirectionState {
  x: number; // input actually fed to this direction (time-reversed for the backward one)
  z: number; // activated gates [T, B, 4H]
  h: number; // hidden states [T, B, H]
  c: number; // cell states [T, B, H]
}

interface LayerState {
  input: number; // [T, B, I] (after dropout)
  inputDims: number;
  dropoutMask: Float32Array | null;
  fwd: DirectionState;
  bwd: DirectionState;
  output: number; // [T, B, 2H]
}

/** What forward() keeps for backward(). */
export interface ForwardState {
  T: number;
  B: number;
  lens: number; // int32 pointer
  lengths: number[];
  layers: LayerState[];
  top: number; // [T, B, 2H] input of the dense layer
  logits: number; // [T, B, Cpad]
}

const ceil4 = (n: number) => Math.ceil(n / 4) * 4;

export function paramSpecs(config: ModelConfig): ParamSpec[] {
  const specs: ParamSpec[] = [];
  let offset = 0;
  const add = (name: string, shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    specs.push({ name, shape, offset, size });
    offset += size;
  };
  const H = config.units;
  for (let l = 0; l < config.layers; l++) {
    const I = l === 0 ? config.inputDims : 2 * H;
    for (const dir of ["forward", "backward"]) {
      const prefix = `bilstm_${l + 1}/${dir}_lstm_${l + 1}`;
      add(`${prefix}/kernel`, [I, 4 * H]);
      add(`${prefix}/recurrent_kernel`, [H, 4 * H]);
      add(`${prefix}/bias`, [4 * H]);
    }
  }
  add("ctc_logits/kernel", [2 * H, numClasses(config)]);
  add("ctc_logits/bias", [numClasses(config)]);
  return specs;
}

export function countParams(config: ModelConfig): number {
  return paramSpecs(config).reduce((n, s) => n + s.size, 0);
}

export class BiLstmNetwork {
  readonly config: ModelConfig;
  readonly kernels: LstmKernels;
  readonly specs: ParamSpec[];
  readonly numParams: number;
  /** Float offsets → byte pointers into wasm memory. */
  readonly paramsPtr: number;
  readonly gradsPtr: number;
  private readonly classes: number;
  private readonly classesPadded: number;
  /** Dense kernel and bias padded to a multiple of 4 columns for the SIMD GEMM. */
  private readonly densePadPtr: number;
  private readonly denseBiasPadPtr: number;
  /**
   * Each LSTM's recurrent kernel repacked into 32-column panels for the single-sequence path
   * ([layer][direction] byte pointers); null when 4·units is not a multiple of 32.
   */
  private readonly packedRecurrent: number[][] | null;
  private packedStale = true;
  private thread: KernelThread | null = null;
  /** int8 copies of every kernel (allocated by setPrecision("int8"), refreshed from params lazily). */
  private int8: { input: Int8Kernel[][]; recurrent: Int8Kernel[][]; dense: Int8Kernel; denseBias: number } | null = null;
  private int8Stale = true;
  private precisionValue: Precision = "float";
  private int8Parts: Int8Parts = { input: true, recurrent: true, dense: true };

  private constructor(config: ModelConfig, kernels: LstmKernels) {
    validateModelConfig(config);
    this.config = config;
    this.kernels = kernels;
    this.specs = paramSpecs(config);
    this.numParams = this.specs.reduce((n, s) => n + s.size, 0);
    this.classes = numClasses(config);
    this.classesPadded = ceil4(this.classes);
    this.paramsPtr = kernels.allocPersistent(this.numParams);
    this.gradsPtr = kernels.allocPersistent(this.numParams);
    this.densePadPtr = kernels.allocPersistent(2 * config.units * this.classesPadded);
    this.denseBiasPadPtr = kernels.allocPersistent(this.classesPadded);
    const H = config.units;
    this.packedRecurrent = canPackRecurrent(config)
      ? Array.from({ length: config.layers }, () => [kernels.allocPersistent(H * 4 * H), kernels.allocPersistent(H * 4 * H)])
      : null;
  }

  /**
   * `shared` puts the network in shared memory so a KernelThread can work on it (see attachThread).
   * `extraPersistentFloats` reserves room for a caller's own buffers in the kernels' persistent
   * memory (kernels.allocPersistent), which never grows, so views of params() stay valid.
   */
  static async create(config: ModelConfig, options: { shared?: boolean; fusedMultiplyAdd?: boolean; int8?: boolean; extraPersistentFloats?: number } = {}): Promise<BiLstmNetwork> {
    // Room for params, grads, padded dense weights, an optimiser's two moments, packed recurrent
    // kernels, (with int8) the int8 copies of every kernel, and the caller's extra room.
    const packed = canPackRecurrent(config) ? 2 * config.layers * config.units * 4 * config.units : 0;
    const floats = 4 * countParams(config) + 2 * config.units * (numClasses(config) + 4) + packed + (options.int8 ? int8Floats(config) : 0) + (options.extraPersistentFloats ?? 0) + 8192;
    const kernels = await LstmKernels.create(floats * 4 + (1 << 20), options);
    return new BiLstmNetwork(config, kernels);
  }

  /**
   * Lets infer() run each layer's backward direction on `thread` while this thread runs the
   * forward one. The thread must have been started on this network's (shared) kernels.
   */
  attachThread(thread: KernelThread): void {
    if (!this.kernels.shared) throw new Error("attachThread needs a network created with { shared: true }");
    this.thread = thread;
  }

  /** Wakes the kernel thread ahead of an infer() (see KernelThread.prepare); a no-op without one. */
  prepareThreads(): void {
    if (this.thread?.healthy) this.thread.prepare();
  }

  /** The arithmetic infer() uses (forward() and training are always float). */
  get precision(): Precision {
    return this.precisionValue;
  }

  /**
   * Switches infer() between the float kernels and the int8 ones. The int8 codes are made from
   * the current float parameters (per-output-channel symmetric, lib/model/quantize.ts) and
   * remade after every syncDerived(), so setWeights works the same in both precisions; int8 weights
   * read from an int8 model file are reproduced exactly (their dequantised values requantise to
   * the same codes). Needs a network created with { int8: true } and 4·units a multiple of 32.
   */
  setPrecision(precision: Precision, parts: Partial<Int8Parts> = {}): void {
    this.int8Parts = { input: true, recurrent: true, dense: true, ...parts };
    if (precision === "int8" && !this.int8) {
      if (!this.packedRecurrent) throw new Error(`the int8 kernels need 4·units to be a multiple of 32 (units ${this.config.units})`);
      const k = this.kernels;
      const alloc = (K: number, N: number): Int8Kernel => {
        const { Kp, Np, bytes } = packedSize(K, N);
        return { P: k.allocPersistent(Math.ceil((bytes * k.panelBytesPerWeight) / 4)), corr: k.allocPersistent(Np), ws: k.allocPersistent(Np), K, N, Kp, Np };
      };
      const { units: H, layers: L, inputDims: F } = this.config;
      const dirs = (l: number, K: number) => [alloc(K, 4 * H), alloc(K, 4 * H)];
      const dense = alloc(2 * H, this.classes);
      this.int8 = {
        input: Array.from({ length: L }, (_, l) => dirs(l, l === 0 ? F : 2 * H)),
        recurrent: Array.from({ length: L }, (_, l) => dirs(l, H)),
        dense,
        denseBias: k.allocPersistent(dense.Np),
      };
      this.int8Stale = true;
    }
    this.precisionValue = precision;
  }

  /** Threads infer() runs on: 2 with a working KernelThread attached, else 1. */
  get threads(): number {
    return this.thread?.healthy ? 2 : 1;
  }

  /** Live view of all parameters (re-fetch after any allocation: memory may have grown). */
  params(): Float32Array {
    return this.kernels.f32(this.paramsPtr, this.numParams);
  }

  grads(): Float32Array {
    return this.kernels.f32(this.gradsPtr, this.numParams);
  }

  spec(name: string): ParamSpec {
    const s = this.specs.find((p) => p.name === name);
    if (!s) throw new Error(`no parameter named ${name}`);
    return s;
  }

  /** Copies named weights in (shapes must match exactly), then refreshes derived buffers. */
  setWeights(weights: ReadonlyMap<string, Float32Array> | Record<string, Float32Array>): void {
    const get = (n: string) => (weights instanceof Map ? weights.get(n) : (weights as Record<string, Float32Array>)[n]);
    for (const s of this.specs) {
      const w = get(s.name);
      if (!w) throw new Error(`missing weight "${s.name}" (expected shape [${s.shape}])`);
      if (w.length !== s.size) throw new Error(`weight "${s.name}" has ${w.length} values, expected shape [${s.shape}] = ${s.size}`);
      this.params().set(w, s.offset);
    }
  }

  getWeights(): Map<string, Float32Array> {
    const p = this.params();
    return new Map(this.specs.map((s) => [s.name, p.slice(s.offset, s.offset + s.size)]));
  }

  /**
   * Every kernel, the recurrent ones included, is Glorot-uniform: uniform in
   * ±sqrt(6 / (fanIn + fanOut)) of its own [fanIn, fanOut] shape (the recurrent kernels are not
   * orthogonalised). Biases are zero except the LSTM forget gates', which are 1 (Keras'
   * unit_forget_bias: the cell starts by remembering). Deterministic for a given seed.
   */
  initialize(seed = 1): void {
    const rand = mulberry32(seed);
    const p = this.params();
    const H = this.config.units;
    for (const s of this.specs) {
      const w = p.subarray(s.offset, s.offset + s.size);
      if (s.name.endsWith("/bias")) {
        w.fill(0);
        if (s.name.includes("lstm")) w.fill(1, H, 2 * H);
      } else {
        const [fanIn, fanOut] = s.shape;
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        for (let i = 0; i < w.length; i++) w[i] = (rand() * 2 - 1) * limit;
      }
    }
  }

  /** Must be called after params change (optimiser step, setWeights): pads the dense layer for SIMD. */
  syncDerived(): void {
    const k = this.kernels;
    const C = this.classes, Cp = this.classesPadded, D = 2 * this.config.units;
    const p = this.params();
    const kern = this.spec("ctc_logits/kernel"), bias = this.spec("ctc_logits/bias");
    const pad = k.f32(this.densePadPtr, D * Cp);
    const padBias = k.f32(this.denseBiasPadPtr, Cp);
    pad.fill(0);
    padBias.fill(0);
    for (let r = 0; r < D; r++) pad.set(p.subarray(kern.offset + r * C, kern.offset + (r + 1) * C), r * Cp);
    padBias.set(p.subarray(bias.offset, bias.offset + C));
    // Repacking the recurrent kernels costs a few MB of copying, so it waits for the next infer()
    // (training syncs after every step but never infers).
    this.packedStale = true;
    this.int8Stale = true;
  }

  /** Quantises the current float kernels into the int8 buffers (packed for the int8 kernels). */
  private syncInt8(): void {
    const q = this.int8!, k = this.kernels, p = this.params();
    const put = (dst: Int8Kernel, name: string) => {
      const s = this.spec(name);
      const packed = packInt8(quantizeKernel(p.subarray(s.offset, s.offset + s.size), dst.K, dst.N));
      k.setPanels(dst.P, packed.packed);
      k.i32(dst.corr, dst.Np).set(packed.corr);
      k.f32(dst.ws, dst.Np).set(packed.scales);
    };
    for (let l = 0; l < this.config.layers; l++)
      (["forward", "backward"] as const).forEach((dir, d) => {
        put(q.input[l][d], `bilstm_${l + 1}/${dir}_lstm_${l + 1}/kernel`);
        put(q.recurrent[l][d], `bilstm_${l + 1}/${dir}_lstm_${l + 1}/recurrent_kernel`);
      });
    put(q.dense, "ctc_logits/kernel");
    const bias = this.spec("ctc_logits/bias");
    const b = k.f32(q.denseBias, q.dense.Np);
    b.fill(0);
    b.set(p.subarray(bias.offset, bias.offset + bias.size));
    this.int8Stale = false;
  }

  /**
   * Logits [steps, classes] for one sequence: the inference path. The same function as
   * forward() (equal up to float summation order), faster: the recurrence runs as a
   * matrix-vector product over packed weights, and with a KernelThread attached each layer's
   * backward direction runs on the second thread while this one runs the forward direction.
   */
  infer(features: Float32Array, steps: number): Float32Array {
    const F = this.config.inputDims;
    if (!Number.isInteger(steps) || steps < 1) throw new Error(`infer() needs ≥ 1 step, got ${steps}`);
    if (features.length !== steps * F) throw new Error(`features have ${features.length} values, expected [${steps}, ${F}] = ${steps * F}`);
    const packed = this.packedRecurrent;
    if (!packed) return this.forward({ features: [features], lengths: [steps] }).logits[0];
    const k = this.kernels, e = k.exports;
    const { units: H, layers: L } = this.config;
    const G = 4 * H, T = steps;
    const p = (name: string) => this.paramsPtr + 4 * this.spec(name).offset;
    const int8 = this.precisionValue === "int8" ? this.int8 : null;
    if (int8 && this.int8Stale) this.syncInt8();
    if ((!int8 || !this.int8Parts.recurrent) && this.packedStale) {
      for (let l = 0; l < L; l++)
        for (const [d, dir] of (["forward", "backward"] as const).entries()) e.pack_panels(H, G, p(`bilstm_${l + 1}/${dir}_lstm_${l + 1}/recurrent_kernel`), packed[l][d]);
      this.packedStale = false;
    }
    k.resetScratch();
    const lens = k.allocInt32([T]);
    let input = k.alloc(T * F);
    k.f32(input, T * F).set(features);
    let I = F;
    for (let l = 0; l < L; l++) {
      // 1. Each direction as a self-contained program of kernel calls (all scratch allocated here,
      //    before any of it runs, so the other thread never sees memory move under it).
      const output = k.alloc(T * 2 * H);
      const programs = [0, 1].map((d) => {
        if (int8) return this.directionProgramInt8(l, d, { T, I, lens, input, output }, packed[l][d]);
        return this.directionProgram(l, d, { T, B: 1, I, lens, input, output }, (z, h, c) => ["lstm_forward_single", T, H, z, packed[l][d], h, c]).calls;
      });
      // 2. Backward direction on the kernel thread (if any) while this thread runs the forward one.
      const thread = this.thread?.healthy ? this.thread : null;
      if (thread) thread.begin(programs[1], l < L - 1);
      this.run(programs[0]);
      if (thread) {
        try {
          thread.wait();
        } catch {
          this.run(programs[1]); // the thread failed: every call overwrites its outputs, so rerun here
        }
      } else this.run(programs[1]);
      input = output;
      I = 2 * H;
    }
    // 3. Dense projection to class logits.
    const C = this.classes;
    const denseInt8 = int8 && this.int8Parts.dense;
    const Cp = denseInt8 ? int8.dense.Np : this.classesPadded;
    const all = k.f32(denseInt8 ? this.denseLogitsInt8(input, T) : this.denseLogits(input, T), T * Cp);
    const logits = new Float32Array(T * C);
    for (let t = 0; t < T; t++) logits.set(all.subarray(t * Cp, t * Cp + C), t * C);
    return logits;
  }

  /**
   * One direction of layer `l` as kernel calls, its scratch allocated here (before any call runs,
   * so a kernel thread never sees memory move under it): the backward direction first reads each
   * sequence reversed within its own length; then the input projection of all steps as one GEMM
   * (Z = X W + b), the recurrence that `recurrence` names, and the copy of h into this
   * direction's half of `output` [T, B, 2H] (un-reversed, zero padding).
   */
  private directionProgram(
    l: number,
    d: number,
    at: { T: number; B: number; I: number; lens: number; input: number; output: number },
    recurrence: (z: number, h: number, c: number, recurrentKernel: number) => KernelCall,
  ): { calls: KernelCall[]; state: DirectionState } {
    const k = this.kernels;
    const { T, B, I, lens, input, output } = at;
    const H = this.config.units, G = 4 * H;
    const p = (name: string) => this.paramsPtr + 4 * this.spec(`bilstm_${l + 1}/${d === 0 ? "forward" : "backward"}_lstm_${l + 1}/${name}`).offset;
    const calls: KernelCall[] = [];
    let x = input;
    if (d === 1) {
      x = k.alloc(T * B * I);
      calls.push(["copy_steps", T, B, I, lens, input, I, x, I, 1]);
    }
    const z = k.alloc(T * B * G), h = k.alloc(T * B * H), c = k.alloc(T * B * H);
    calls.push(
      ["gemm", T * B, G, I, x, I, p("kernel"), G, z, G, 0],
      ["add_bias", T * B, G, z, p("bias")],
      recurrence(z, h, c, p("recurrent_kernel")),
      ["copy_steps", T, B, H, lens, h, H, output + d * 4 * H, 2 * H, d],
    );
    return { calls, state: { x, z, h, c } };
  }

  /**
   * directionProgram's int8 twin for one sequence: the input rows quantised per step, the
   * input projection as an int8 GEMM (bias fused), the recurrence with h quantised per step.
   */
  private directionProgramInt8(l: number, d: number, at: { T: number; I: number; lens: number; input: number; output: number }, floatPanels: number): KernelCall[] {
    const k = this.kernels, q = this.int8!;
    const { T, I, lens, input, output } = at;
    const H = this.config.units, G = 4 * H;
    const W = q.input[l][d], U = q.recurrent[l][d];
    const bias = this.paramsPtr + 4 * this.spec(`bilstm_${l + 1}/${d === 0 ? "forward" : "backward"}_lstm_${l + 1}/bias`).offset;
    const calls: KernelCall[] = [];
    let x = input;
    if (d === 1) {
      x = k.alloc(T * I);
      calls.push(["copy_steps", T, 1, I, lens, input, I, x, I, 1]);
    }
    const xq = k.alloc(Math.ceil((T * W.Kp * k.activationBytes) / 4)), xs = k.alloc(T);
    const z = k.alloc(T * G), h = k.alloc(T * H), c = k.alloc(T * H), hq = k.alloc(Math.ceil((H * k.activationBytes) / 4));
    const { input: int8Input, recurrent: int8Recurrent } = this.int8Parts;
    const kernel = this.paramsPtr + 4 * this.spec(`bilstm_${l + 1}/${d === 0 ? "forward" : "backward"}_lstm_${l + 1}/kernel`).offset;
    calls.push(
      ...(int8Input
        ? ([["quantize_rows", T, I, W.Kp, x, I, xq, xs], ["gemm_i8", T, G, W.Kp, xq, xs, W.P, W.corr, W.ws, bias, z, G]] as KernelCall[])
        : ([["gemm", T, G, I, x, I, kernel, G, z, G, 0], ["add_bias", T, G, z, bias]] as KernelCall[])),
      int8Recurrent ? ["lstm_forward_single_i8", T, H, z, U.P, U.corr, U.ws, h, c, hq] : ["lstm_forward_single", T, H, z, floatPanels, h, c],
      ["copy_steps", T, 1, H, lens, h, H, output + d * 4 * H, 2 * H, d],
    );
    return calls;
  }

  /** The dense layer in int8: padded logits [rows, Np] (a scratch pointer). */
  private denseLogitsInt8(input: number, rows: number): number {
    const k = this.kernels, e = k.exports, q = this.int8!.dense;
    const D = 2 * this.config.units;
    const xq = k.alloc(Math.ceil((rows * q.Kp * k.activationBytes) / 4)), xs = k.alloc(rows);
    const logits = k.alloc(rows * q.Np);
    e.quantize_rows(rows, D, q.Kp, input, D, xq, xs);
    e.gemm_i8(rows, q.Np, q.Kp, xq, xs, q.P, q.corr, q.ws, this.int8!.denseBias, logits, q.Np);
    return logits;
  }

  /** Dense layer over `rows` rows of the top BiLSTM output: padded logits [rows, Cp] (a scratch pointer). */
  private denseLogits(input: number, rows: number): number {
    const k = this.kernels, e = k.exports;
    const Cp = this.classesPadded, D = 2 * this.config.units;
    const logits = k.alloc(rows * Cp);
    e.gemm(rows, Cp, D, input, D, this.densePadPtr, Cp, logits, Cp, 0);
    e.add_bias(rows, Cp, logits, this.denseBiasPadPtr);
    return logits;
  }

  private run(calls: KernelCall[]): void {
    const e = this.kernels.exports as unknown as Record<string, (...args: number[]) => void>;
    for (const [name, ...args] of calls) e[name](...args);
  }

  /**
   * Runs the network on a batch; returns per-sample logits [len, classes] and the state that
   * backward() needs. Scratch memory is reset first, so earlier states become invalid.
   */
  forward(batch: Batch, opts: { training?: boolean; rng?: () => number; dropout?: number } = {}): { logits: Float32Array[]; state: ForwardState } {
    const k = this.kernels;
    const { units: H, layers: L, inputDims: F } = this.config;
    // A caller that trains on very few samples (personal adaptation) may drop at another rate than training did.
    const dropout = opts.dropout ?? this.config.dropout;
    if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`forward(): dropout must be in [0, 1), got ${dropout}`);
    const B = batch.features.length;
    if (B === 0) throw new Error("forward() needs at least one sample");
    batch.features.forEach((f, b) => {
      const len = batch.lengths[b];
      if (!Number.isInteger(len) || len < 1) throw new Error(`sample ${b} has length ${len}; need ≥ 1 step`);
      if (f.length !== len * F) throw new Error(`sample ${b}: features have ${f.length} values, expected [${len}, ${F}] = ${len * F}`);
    });
    const T = Math.max(...batch.lengths);
    k.resetScratch();
    const lens = k.allocInt32(batch.lengths);

    // 1. Pack the batch time-major [T, B, F], zero-padded.
    let input = k.alloc(T * B * F, true);
    {
      const x = k.f32(input, T * B * F);
      batch.features.forEach((f, b) => {
        for (let t = 0; t < batch.lengths[b]; t++) x.set(f.subarray(t * F, (t + 1) * F), (t * B + b) * F);
      });
    }
    const layers: LayerState[] = [];
    let I = F;
    for (let l = 0; l < L; l++) {
      // 2. Dropout on the layer input (inverted, so inference needs no rescaling).
      let dropoutMask: Float32Array | null = null;
      if (opts.training && dropout > 0) {
        const rng = opts.rng ?? Math.random;
        const keep = 1 - dropout;
        dropoutMask = new Float32Array(T * B * I);
        const x = k.f32(input, T * B * I);
        for (let i = 0; i < dropoutMask.length; i++) {
          dropoutMask[i] = rng() < keep ? 1 / keep : 0;
          x[i] *= dropoutMask[i];
        }
      }
      // 3. Both directions (reversed input for the backward one, projection, the fused
      //    recurrence), each writing its half of [forward | backward] per step.
      const output = k.alloc(T * B * 2 * H);
      const dirs = [0, 1].map((d) => {
        const { calls, state } = this.directionProgram(l, d, { T, B, I, lens, input, output }, (z, h, c, U) => ["lstm_forward", T, B, H, z, U, h, c]);
        this.run(calls);
        return state;
      });
      layers.push({ input, inputDims: I, dropoutMask, fwd: dirs[0], bwd: dirs[1], output });
      input = output;
      I = 2 * H;
    }
    // 4. Dense projection to class logits.
    const Cp = this.classesPadded, C = this.classes;
    const logitsPtr = this.denseLogits(input, T * B);
    const all = k.f32(logitsPtr, T * B * Cp);
    const logits = batch.lengths.map((len, b) => {
      const out = new Float32Array(len * C);
      for (let t = 0; t < len; t++) out.set(all.subarray((t * B + b) * Cp, (t * B + b) * Cp + C), t * C);
      return out;
    });
    return { logits, state: { T, B, lens, lengths: [...batch.lengths], layers, top: input, logits: logitsPtr } };
  }

  /**
   * Back-propagates per-sample logit gradients ([len, classes] each) through the state of the
   * last forward(); ADDS into the gradient block (call zeroGrads() first for a fresh step).
   */
  backward(state: ForwardState, dLogits: Float32Array[], options: { factored?: readonly FactoredGradient[] } = {}): void {
    const k = this.kernels, e = k.exports;
    const factored = new Map<string, FactoredGradient>();
    for (const f of options.factored ?? []) {
      const spec = this.spec(f.name);
      const [rows, cols] = spec.shape;
      if (spec.shape.length !== 2 || !/kernel$/.test(f.name) || f.name.startsWith("ctc_logits/")) throw new Error(`backward(): factored gradients are for LSTM kernels, not "${f.name}"`);
      if (!Number.isInteger(f.rank) || f.rank < 4 || f.rank % 4 !== 0) throw new Error(`backward(): factored rank must be a positive multiple of 4 (the GEMM's column step), got ${f.rank} for "${f.name}"`);
      if (f.a.length !== rows * f.rank || f.dA.length !== rows * f.rank) throw new Error(`backward(): "${f.name}" needs A and dA of [${rows}, ${f.rank}], got ${f.a.length} and ${f.dA.length} values`);
      if (f.b.length !== f.rank * cols || f.dB.length !== f.rank * cols) throw new Error(`backward(): "${f.name}" needs B and dB of [${f.rank}, ${cols}], got ${f.b.length} and ${f.dB.length} values`);
      factored.set(f.name, f);
    }
    const { units: H } = this.config;
    const { T, B, lens } = state;
    const G = 4 * H, C = this.classes, Cp = this.classesPadded, D = 2 * H;
    const gp = (name: string) => this.gradsPtr + 4 * this.spec(name).offset;
    const pp = (name: string) => this.paramsPtr + 4 * this.spec(name).offset;
    if (dLogits.length !== B) throw new Error(`backward() got ${dLogits.length} gradients for a batch of ${B}`);

    // 1. Scatter logit gradients into the padded time-major layout.
    const dl = k.alloc(T * B * Cp, true);
    {
      const v = k.f32(dl, T * B * Cp);
      dLogits.forEach((g, b) => {
        const len = state.lengths[b];
        if (g.length !== len * C) throw new Error(`dLogits[${b}] has ${g.length} values, expected [${len}, ${C}]`);
        for (let t = 0; t < len; t++) v.set(g.subarray(t * C, (t + 1) * C), (t * B + b) * Cp);
      });
    }
    // 2. Dense layer: dW = Y^T dL, db = Σ dL, dY = dL W^T.
    const topT = k.alloc(D * T * B);
    e.transpose(T * B, D, state.top, topT);
    const dWpad = k.alloc(D * Cp);
    e.gemm(D, Cp, T * B, topT, T * B, dl, Cp, dWpad, Cp, 0);
    const dbPad = k.alloc(Cp);
    e.col_sum(T * B, Cp, dl, dbPad, 0);
    {
      const g = this.grads(), kern = this.spec("ctc_logits/kernel"), bias = this.spec("ctc_logits/bias");
      const dw = k.f32(dWpad, D * Cp), db = k.f32(dbPad, Cp);
      for (let r = 0; r < D; r++) for (let c = 0; c < C; c++) g[kern.offset + r * C + c] += dw[r * Cp + c];
      for (let c = 0; c < C; c++) g[bias.offset + c] += db[c];
    }
    const wT = k.alloc(Cp * D);
    e.transpose(D, Cp, this.densePadPtr, wT);
    let dOut = k.alloc(T * B * D);
    e.gemm(T * B, D, Cp, dl, Cp, wT, D, dOut, D, 0);

    const dC = k.alloc(B * H);
    for (let l = this.config.layers - 1; l >= 0; l--) {
      const layer = state.layers[l];
      const I = layer.inputDims;
      const dIn = l > 0 ? k.alloc(T * B * I, true) : 0;
      for (const [d, dir] of (["forward", "backward"] as const).entries()) {
        const prefix = `bilstm_${l + 1}/${dir}_lstm_${l + 1}`;
        const st = d === 0 ? layer.fwd : layer.bwd;
        // 3. Split the output gradient into this direction's half (time-reversed for backward).
        const dH = k.alloc(T * B * H);
        e.copy_steps(T, B, H, lens, dOut + d * 4 * H, D, dH, H, d);
        // 4. Back-propagate through time (fused), producing pre-activation gate gradients.
        const UT = k.alloc(G * H);
        e.transpose(H, G, pp(`${prefix}/recurrent_kernel`), UT);
        const dZ = k.alloc(T * B * G);
        e.lstm_backward(T, B, H, st.z, st.c, UT, dH, dZ, dC);
        // 5. Weight gradients as large GEMMs over all steps: dU = H_{t-1}^T dZ_t, dW = X^T dZ, db = Σ dZ
        //    (or only their low-rank factors' gradients, see FactoredGradient).
        if (T > 1) {
          const hT = k.alloc(H * (T - 1) * B);
          e.transpose((T - 1) * B, H, st.h, hT);
          const f = factored.get(`${prefix}/recurrent_kernel`);
          if (f) this.addFactoredGradients(f, H, (T - 1) * B, st.h, hT, dZ + 4 * B * G);
          else e.gemm(H, G, (T - 1) * B, hT, (T - 1) * B, dZ + 4 * B * G, G, gp(`${prefix}/recurrent_kernel`), G, 1);
        }
        const xT = k.alloc(I * T * B);
        e.transpose(T * B, I, st.x, xT);
        const f = factored.get(`${prefix}/kernel`);
        if (f) this.addFactoredGradients(f, I, T * B, st.x, xT, dZ);
        else e.gemm(I, G, T * B, xT, T * B, dZ, G, gp(`${prefix}/kernel`), G, 1);
        e.col_sum(T * B, G, dZ, gp(`${prefix}/bias`), 1);
        // 6. Input gradient dX = dZ W^T, un-reversed for the backward direction.
        if (l > 0) {
          const WT = k.alloc(G * I);
          e.transpose(I, G, pp(`${prefix}/kernel`), WT);
          const dX = k.alloc(T * B * I);
          e.gemm(T * B, I, G, dZ, G, WT, I, dX, I, 0);
          e.add_steps(T, B, I, lens, dX, I, dIn, I, d);
        }
      }
      if (l > 0) {
        // 7. Through the dropout mask of this layer's input, into the layer below's output.
        if (layer.dropoutMask) {
          const v = k.f32(dIn, T * B * I);
          for (let i = 0; i < v.length; i++) v[i] *= layer.dropoutMask[i];
        }
        dOut = dIn;
      }
    }
  }

  /**
   * dA += Xᵀ·(dZ·Bᵀ) and dB += (X·A)ᵀ·dZ for a kernel with `rows` inputs over `n` rows of X
   * [n, rows] (xT its transpose) and of dZ [n, 4·units], on the scratch GEMM.
   */
  private addFactoredGradients(f: FactoredGradient, rows: number, n: number, x: number, xT: number, dZ: number): void {
    const k = this.kernels, e = k.exports;
    const r = f.rank, G = 4 * this.config.units;
    const a = k.alloc(rows * r), b = k.alloc(r * G), bT = k.alloc(G * r);
    const p = k.alloc(n * r), q = k.alloc(n * r), qT = k.alloc(r * n);
    const dA = k.alloc(rows * r), dB = k.alloc(r * G);
    k.f32(a, rows * r).set(f.a);
    k.f32(b, r * G).set(f.b);
    e.transpose(r, G, b, bT);
    e.gemm(n, r, G, dZ, G, bT, r, p, r, 0); // P = dZ·Bᵀ [n, r]
    e.gemm(rows, r, n, xT, n, p, r, dA, r, 0); // Xᵀ·P [rows, r]
    e.gemm(n, r, rows, x, rows, a, r, q, r, 0); // Q = X·A [n, r]
    e.transpose(n, r, q, qT);
    e.gemm(r, G, n, qT, n, dZ, G, dB, G, 0); // Qᵀ·dZ [r, G]
    const gA = k.f32(dA, rows * r), gB = k.f32(dB, r * G);
    for (let i = 0; i < gA.length; i++) f.dA[i] += gA[i];
    for (let i = 0; i < gB.length; i++) f.dB[i] += gB[i];
  }

  zeroGrads(): void {
    this.grads().fill(0);
  }
}

/** The packed single-sequence recurrence works on 32-column panels of the 4·units gate columns. */
const canPackRecurrent = (c: ModelConfig) => (4 * c.units) % 32 === 0;

/** Persistent floats the int8 copies of every kernel take (packed codes, corrections, scales). */
function int8Floats(c: ModelConfig): number {
  const H = c.units;
  const one = (K: number, N: number) => {
    const { Np, bytes } = packedSize(K, N);
    return Math.ceil(bytes / 2) + 2 * Np + 8; // int16 panels in the plain builds
  };
  let n = one(2 * H, numClasses(c)) + packedSize(2 * H, numClasses(c)).Np + 8;
  for (let l = 0; l < c.layers; l++) n += 2 * (one(l === 0 ? c.inputDims : 2 * H, 4 * H) + one(H, 4 * H));
  return n;
}
