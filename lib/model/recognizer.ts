import type { Ink } from "../ink/types";
import { preprocessInk } from "../ink/preprocess";
import { greedyDecode } from "../ctc/greedy-decode";
import { prefixBeamSearch } from "../ctc/prefix-beam-search";
import type { CharLanguageModel } from "../ctc/language-model";
import type { LexiconConstraint } from "../ctc/lexicon-constraint";
import type { Charset } from "../ctc/charset";
import type { DecodeResult } from "../ctc/decode-types";
import type { WordNgramLM } from "../ctc/word-ngram-lm";
import { BiLstmNetwork, paramSpecs, type Precision } from "./network";
import { decodeModel, type InkwellMetadata } from "./format";
import { type KernelBuild, sharedMemorySupported, wasmSimdSupported } from "./kernels/wasm-kernels";
import { KernelThread, type ThreadSpawner } from "./kernels/kernel-thread";

/**
 * The recognizer's public contract:
 *   const r = await loadRecognizer(source);            // fetches, validates, warms up
 *   const { candidates, alignment, timings } = r.recognize(ink, { decoder: "beam" });
 *
 * `source` is a model directory URL (".../models/v1", holding model.json + weights), or the
 * already-loaded { modelJson, weightData }. The engine is our fused WebAssembly-SIMD BiLSTM;
 * where SIMD is unavailable it falls back to the same weights in stock tfjs-layers (cpu backend).
 * Given a way to start a thread (`spawnThread`) where shared memory exists, the engine runs each
 * layer's two directions on two threads; recognize() stays synchronous (it blocks on Atomics.wait,
 * so call it from a worker or from Node, never from a page's main thread).
 */
export type ModelSource = string | { modelJson: unknown; weightData: ArrayBuffer | Uint8Array };

export interface RecognizeOptions {
  /** "greedy" (best path, fastest) or "beam" (prefix beam search, optional LM and lexicon). */
  decoder?: "greedy" | "beam";
  beamWidth?: number;
  nBest?: number;
  lm?: CharLanguageModel;
  lmWeight?: number;
  insertionBonus?: number;
  /** Word n-gram LM scored at each completed token (prefixBeamSearch's "Word LM"), with weight wordLmWeight. */
  wordLm?: WordNgramLM;
  wordLmWeight?: number;
  /** Per completed token with a word LM (prefixBeamSearch's wordBonus). */
  wordBonus?: number;
  lexicon?: LexiconConstraint;
  /**
   * With a lexicon: an unconstrained reading (a name, a code, a word the lexicon lacks) replaces
   * the best lexicon reading when it scores more than this much higher (natural log, the beam's
   * scores). Infinity keeps strictly to the lexicon. Costs a second beam search over the same logits.
   */
  oovMargin?: number;
  /**
   * With a lexicon: read word by word instead, where each token the lexicon lacks costs this
   * many nats (its withOovEscape), in one beam search. Replaces oovMargin's whole-reading
   * fallback, which on a line gives up the lexicon for every word as soon as one is missing.
   */
  oovWordPenalty?: number;
}

export interface AlignedLetter {
  char: string;
  /** Position in the top candidate's text. */
  index: number;
  /** Frame span [start, end) that emitted it. */
  start: number;
  end: number;
  /** Ink stroke indices those frames came from: the strokes that "made" this letter. */
  strokes: number[];
}

export interface Recognition {
  candidates: { text: string; score: number }[];
  alignment: AlignedLetter[];
  timings: { preprocessMs: number; networkMs: number; decodeMs: number; totalMs: number };
  frames: number;
}

export type Engine = "wasm-simd" | "tfjs";

export interface EngineOptions {
  engine?: "auto" | Engine;
  /** Starts the wasm engine's second thread; without it (or without shared memory) it runs on one. */
  spawnThread?: ThreadSpawner;
  /**
   * "float" (default) or "int8": the wasm engine's int8 kernels (weights int8 per output channel,
   * activations 7-bit per step; lib/model/quantize.ts), made from whatever weights are loaded. The
   * tfjs fallback always runs float. A string source loads model.int8.json for "int8".
   */
  precision?: Precision;
}

/** The model file of each precision inside a model directory. */
export const MODEL_FILES: Record<Precision, string> = { float: "model.json", int8: "model.int8.json" };

/**
 * Beam defaults with a language model, from a grid search (scripts/tune-decoder.ts) on a fixed
 * validation subset: a light LM weight, and a per-character bonus that stops the LM from
 * favouring dropped characters (it mattered most on lines).
 */
export const DEFAULT_LM_WEIGHT = 0.3;
export const DEFAULT_INSERTION_BONUS = 1.0;
/**
 * With a word LM (λw in prefixBeamSearch's "Word LM"): its weight, the character-LM weight and
 * insertion bonus that go with it, and the per-token bonus. Tuned with `npm run tune-decoder --
 * --word-lm` on the decoder-tuning half of the validation writers only (isDecoderTuningWriter: 180
 * real lines, 300 words), grid λc, λw ∈ {0.2, 0.3, 0.4}, bonus ∈ {0.5, 1, 1.5, 2}: λc = λw = 0.2
 * (the class-based model with one scale) and bonus 1.5 were best: lines CER 21.97%, WER 62.72%,
 * words CER 5.01%, against 24.81% / 66.40% / 6.06% for the character LM alone at its own defaults.
 * λw above λc made readings run words together (λc 0.3, λw 1: lines CER 28.48%), which word
 * bonuses of 1–3 did not recover, so the word bonus is 0.
 */
export const DEFAULT_WORD_LM_WEIGHT = 0.2;
export const WORD_LM_CHAR_LM_WEIGHT = 0.2;
export const WORD_LM_INSERTION_BONUS = 1.5;
/**
 * λw with a lexicon, tied to its character-LM weight: 0.1/0.1 on the same writers gave lines CER 21.35%, words 4.32%.
 * Re-checked when the lexicon became the page's decoding (stop 21, `npm run tune-decoder -- --word-lm --lexicon`,
 * 96 settings: λc 0.05–0.2, λw 0.1–0.5, insertion bonus 0.5–2, word bonus 0–1, on the decoder-tuning half): the
 * best, λc 0.2 λw 0.35 bonus 1.5 word bonus 1, gave lines CER 21.47% WER 60.30%, words 4.70%, against 21.35%,
 * 62.14%, 4.85% here (those lines include UNIPEN's stacked blocks). A plateau within noise, so these stay.
 */
export const DEFAULT_LEXICON_WORD_LM_WEIGHT = 0.1;
export const DEFAULT_WORD_BONUS = 0;
/** LM weight when a lexicon constrains the beam (400 validation words: 0.3 → 77.5%, 0.1 → 79.75% word accuracy). */
export const DEFAULT_LEXICON_LM_WEIGHT = 0.1;
/**
 * Lexicon fallback margin, from scripts/tune-decoder.ts --oov on 800 validation words (beam 16, LM
 * weight 0.1): word accuracy 77.8% lexicon-only, 73.6% at margin 0, 80.8% at 4 (80.0–80.8% for 3–8).
 */
export const DEFAULT_OOV_MARGIN = 4;
/**
 * The cost of one word the lexicon lacks, read word by word (oovWordPenalty, Lexicon.withOovEscape),
 * and the word-LM weight that goes with it. The whole-reading fallback above gave a line up to free
 * spelling as soon as one of its words was missing ("Tibbs", "U.S."), so a line of 15 words with one
 * name read every other word without the lexicon ("maintain" → "manitain"). Tuned on the
 * decoder-tuning half (isDecoderTuningWriter: 180 real lines, the first 1,500 words): penalty
 * 3/4/5/6 and λw 0.1–0.4; penalty 5 with λw 0.2 gave lines CER 16.49% WER 49.37% and words 8.15%,
 * against 17.71% / 56.73% / 8.32% with the whole-reading fallback (penalty 4: 16.57%, 8.16%; λw
 * 0.3: 16.69%, 8.45%...). On the other half, never tuned on (val-rest): lines 7.40% → 6.79% CER,
 * 30.43% → 27.28% WER; words 5.97% → 5.99% CER, 23.10% → 22.30% WER. One beam instead of two.
 */
export const DEFAULT_OOV_WORD_PENALTY = 5;
export const SOFT_LEXICON_WORD_LM_WEIGHT = 0.2;

/**
 * The decoder half of `recognize`: logits [frames, classes] to candidates, with recognize's
 * defaults (the LM weights that go with the given LMs and lexicon, the lexicon's OOV fallback).
 * Pure: model selection in training decodes with it exactly as the Write page does.
 */
export function decodeLogits(logits: Float32Array, frames: number, charset: Charset, options: RecognizeOptions = {}): DecodeResult {
  const C = charset.chars.length;
  if (frames === 0) return { candidates: [], alignment: [] };
  // With a lexicon, the word list is the main language prior; a full-weight LM on top over-corrects.
  const { lm, wordLm, lexicon: lex } = options;
  const lmWeight = options.lmWeight ?? (lm ? (lex ? DEFAULT_LEXICON_LM_WEIGHT : wordLm ? WORD_LM_CHAR_LM_WEIGHT : DEFAULT_LM_WEIGHT) : 0);
  const insertionBonus = options.insertionBonus ?? (lm ? (wordLm && !lex ? WORD_LM_INSERTION_BONUS : DEFAULT_INSERTION_BONUS) : 0);
  const lexiconWordLmWeight = options.oovWordPenalty !== undefined ? SOFT_LEXICON_WORD_LM_WEIGHT : DEFAULT_LEXICON_WORD_LM_WEIGHT;
  const wordLmWeight = wordLm ? (options.wordLmWeight ?? (lex ? lexiconWordLmWeight : DEFAULT_WORD_LM_WEIGHT)) : 0;
  const beam = (lexicon: LexiconConstraint | undefined) =>
    prefixBeamSearch(logits, frames, C, charset, {
      beamWidth: options.beamWidth,
      nBest: options.nBest,
      lm: options.lm,
      lmWeight,
      insertionBonus,
      wordLm,
      wordLmWeight,
      wordBonus: wordLm ? (options.wordBonus ?? DEFAULT_WORD_BONUS) : 0,
      lexicon,
    });
  if (options.lexicon && options.oovWordPenalty !== undefined && options.lexicon.withOovEscape) {
    return beam(softLexicon(options.lexicon, options.oovWordPenalty));
  }
  if (options.lexicon) {
    const constrained = beam(options.lexicon);
    const margin = options.oovMargin ?? DEFAULT_OOV_MARGIN;
    if (!Number.isFinite(margin)) return constrained;
    const free = beam(undefined);
    const lexTop = constrained.candidates[0]?.score ?? -Infinity;
    return (free.candidates[0]?.score ?? -Infinity) - lexTop > margin ? free : constrained;
  }
  if (options.decoder === "beam" || options.lm || options.wordLm) return beam(undefined);
  return greedyDecode(logits, frames, C, charset);
}

/** Each lexicon's soft views by penalty, made once: the page decodes every stroke with the same one. */
const softLexicons = new WeakMap<LexiconConstraint, Map<number, LexiconConstraint>>();
function softLexicon(lexicon: LexiconConstraint, penalty: number): LexiconConstraint {
  let views = softLexicons.get(lexicon);
  if (!views) softLexicons.set(lexicon, (views = new Map()));
  let view = views.get(penalty);
  if (!view) views.set(penalty, (view = lexicon.withOovEscape!(penalty)));
  return view;
}

interface LogitsEngine {
  readonly name: Engine;
  /** Called as a recognition starts, before preprocessing: a chance to wake helper threads. */
  prepare?(): void;
  /** Threads a recognition runs on. */
  readonly threads: number;
  /** The wasm kernels' build (fused multiply-add or not, shared memory or not); null for tfjs. */
  readonly kernelBuild: KernelBuild | null;
  readonly precision: Precision;
  logits(features: Float32Array, steps: number): Float32Array;
  /** New weights of the same architecture (e.g. base + a personal adaptation). */
  setWeights(weights: ReadonlyMap<string, Float32Array>): void;
  dispose(): void;
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

export class Recognizer {
  private constructor(
    readonly meta: InkwellMetadata,
    private readonly engine: LogitsEngine,
  ) {}

  get engineName(): Engine {
    return this.engine.name;
  }

  /** Threads the network runs on (2 when the wasm engine got its kernel thread). */
  get threads(): number {
    return this.engine.threads;
  }

  /** Which build of the wasm kernels runs (null on the tfjs fallback). */
  get kernelBuild(): KernelBuild | null {
    return this.engine.kernelBuild;
  }

  /** The arithmetic the network runs in: "int8" only on the wasm engine when asked for. */
  get precision(): Precision {
    return this.engine.precision;
  }

  /** The kernels in use, in words for a status line: e.g. "int8 · shared-relaxed", "float · plain", "tfjs". */
  get kernelName(): string {
    return this.engine.kernelBuild ? `${this.engine.precision} · ${this.engine.kernelBuild}` : this.engine.name;
  }

  get charset(): Charset {
    return this.meta.config.charset;
  }

  /** Creates a recognizer from decoded weights; used by loadRecognizer and by training code. */
  static async fromWeights(meta: InkwellMetadata, weights: Map<string, Float32Array>, options: EngineOptions = {}): Promise<Recognizer> {
    const engine = options.engine ?? "auto";
    const useWasm = engine === "wasm-simd" || (engine === "auto" && wasmSimdSupported());
    const impl = useWasm ? await wasmEngine(meta, weights, options.spawnThread, options.precision ?? "float") : await tfjsEngine(meta, weights);
    const r = new Recognizer(meta, impl);
    // Warm-up: the first run compiles and sizes buffers; do it now, not on the user's first stroke.
    r.recognize({ version: 1, strokes: [{ points: [{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 0 }] }] });
    return r;
  }

  /**
   * Swaps in other weights of the same architecture and charset, such as the base model plus a
   * personal adaptation (lib/adapt), without reloading: the wasm memory and threads are reused.
   * Shapes are checked; a missing or mis-shaped weight throws and leaves the old weights.
   */
  replaceWeights(weights: ReadonlyMap<string, Float32Array>): void {
    const specs = paramSpecs(this.meta.config);
    for (const s of specs) {
      const w = weights.get(s.name);
      if (!w) throw new Error(`replaceWeights: missing weight "${s.name}" (expected shape [${s.shape}])`);
      if (w.length !== s.size) throw new Error(`replaceWeights: weight "${s.name}" has ${w.length} values, expected shape [${s.shape}] = ${s.size}`);
    }
    this.engine.setWeights(weights);
  }

  recognize(ink: Ink, options: RecognizeOptions = {}): Recognition {
    const t0 = now();
    const { config } = this.meta;
    this.engine.prepare?.(); // the kernel thread wakes while the ink is preprocessed
    const f = preprocessInk(ink, config.preprocess);
    const t1 = now();
    if (f.steps === 0) return { candidates: [], alignment: [], timings: { preprocessMs: t1 - t0, networkMs: 0, decodeMs: 0, totalMs: t1 - t0 }, frames: 0 };
    const logits = this.engine.logits(f.features, f.steps);
    const t2 = now();
    const decoded = this.decodeFrames(logits, f.steps, options);
    const t3 = now();
    const alignment = decoded.alignment.map((a) => {
      const strokes = new Set<number>();
      for (let t = a.start; t < a.end; t++) strokes.add(f.strokeOfStep[t]);
      return { char: a.char, index: a.index, start: a.start, end: a.end, strokes: [...strokes].sort((x, y) => x - y) };
    });
    return {
      candidates: decoded.candidates.map((c) => ({ text: c.text, score: c.score })),
      alignment,
      timings: { preprocessMs: t1 - t0, networkMs: t2 - t1, decodeMs: t3 - t2, totalMs: t3 - t0 },
      frames: f.steps,
    };
  }

  /** The network's logits [frames, classes] for an ink (no decoding): for tuning decoders over many settings. */
  frameScores(ink: Ink): { logits: Float32Array; frames: number } {
    this.engine.prepare?.();
    const f = preprocessInk(ink, this.meta.config.preprocess);
    return { logits: f.steps ? this.engine.logits(f.features, f.steps) : new Float32Array(0), frames: f.steps };
  }

  /** The decoder half of `recognize` (decodeLogits with this model's charset), on given logits. */
  decodeFrames(logits: Float32Array, frames: number, options: RecognizeOptions = {}): DecodeResult {
    return decodeLogits(logits, frames, this.meta.config.charset, options);
  }

  dispose(): void {
    this.engine.dispose();
  }
}

async function wasmEngine(meta: InkwellMetadata, weights: Map<string, Float32Array>, spawnThread: ThreadSpawner | undefined, precision: Precision): Promise<LogitsEngine> {
  const shared = !!spawnThread && sharedMemorySupported();
  const net = await BiLstmNetwork.create(meta.config, { shared, int8: precision === "int8" });
  net.setWeights(weights);
  net.syncDerived();
  net.setPrecision(precision);
  let thread: KernelThread | null = null;
  if (shared && spawnThread) {
    try {
      thread = await KernelThread.start(net.kernels, spawnThread);
      net.attachThread(thread);
    } catch {
      thread = null; // no second thread here (blocked, or workers unavailable): one thread it is
    }
  }
  return {
    name: "wasm-simd",
    get threads() {
      return net.threads;
    },
    kernelBuild: net.kernels.build,
    precision,
    prepare: () => net.prepareThreads(),
    logits: (features, steps) => net.infer(features, steps),
    setWeights: (w) => {
      net.setWeights(w);
      net.syncDerived();
    },
    dispose: () => thread?.dispose(),
  };
}

async function tfjsEngine(meta: InkwellMetadata, weights: Map<string, Float32Array>): Promise<LogitsEngine> {
  // Loaded lazily: the fallback needs tfjs-layers, the fast path does not.
  const tf = await import("@tensorflow/tfjs");
  const { buildReferenceModel } = await import("./tfjs-reference");
  const model = buildReferenceModel(meta.config, "linear", "zeros");
  model.setWeights(model.weights.map((w) => tf.tensor(weights.get(w.originalName)!, w.shape as number[])));
  const F = meta.config.inputDims;
  return {
    name: "tfjs",
    threads: 1,
    kernelBuild: null,
    precision: "float",
    logits: (features, steps) => tf.tidy(() => (model.predict(tf.tensor3d(features, [1, steps, F])) as import("@tensorflow/tfjs").Tensor).dataSync() as Float32Array).slice(),
    setWeights: (w) => {
      const values = model.weights.map((v) => tf.tensor(w.get(v.originalName)!, v.shape as number[]));
      model.setWeights(values); // copies into the layers' variables
      tf.dispose(values);
    },
    dispose: () => model.dispose(),
  };
}

/** Fetches model.json and its weight files relative to a model directory URL. */
async function fetchModel(baseUrl: string, file = "model.json"): Promise<{ modelJson: unknown; weightData: Uint8Array }> {
  const base = baseUrl.replace(/\/+$/, "");
  const res = await fetch(`${base}/${file}`);
  if (!res.ok) throw new Error(`could not load ${base}/${file}: HTTP ${res.status}`);
  const modelJson = (await res.json()) as { weightsManifest?: { paths: string[] }[] };
  const paths = modelJson.weightsManifest?.flatMap((g) => g.paths) ?? [];
  if (!paths.length) throw new Error(`${base}/model.json lists no weight files`);
  const parts = await Promise.all(
    paths.map(async (p) => {
      const r = await fetch(`${base}/${p}`);
      if (!r.ok) throw new Error(`could not load ${base}/${p}: HTTP ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    }),
  );
  const weightData = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    weightData.set(p, o);
    o += p.length;
  }
  return { modelJson, weightData };
}

/** Loads, validates and warms up a recognizer. */
export async function loadRecognizer(source: ModelSource, options: EngineOptions = {}): Promise<Recognizer> {
  const loaded = typeof source === "string" ? await fetchModel(source, MODEL_FILES[options.precision ?? "float"]) : source;
  const { meta, weights } = decodeModel(loaded.modelJson, loaded.weightData);
  return Recognizer.fromWeights(meta, weights, options);
}
