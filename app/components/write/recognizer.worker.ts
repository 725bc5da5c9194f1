/// <reference lib="webworker" />
/**
 * The Write page's recognition worker: loads the model (Cache Storage first, see
 * model-cache.ts), the character LM, the word LM and the lexicon, then answers recognize requests. Running here keeps
 * the network and the beam search off the main thread, so the pen never waits for them.
 */
import { CharNgramLM, type CharNgramLMJson } from "@/lib/ctc/char-ngram-lm";
import { Lexicon, type WordListJson } from "@/lib/ctc/lexicon";
import type { CharLanguageModel } from "@/lib/ctc/language-model";
import { WordNgramLM, type WordNgramLMJson } from "@/lib/ctc/word-ngram-lm";
import { personalDecoding } from "@/lib/adapt/personal-lm";
import { AdaptationMismatchError, applyAdaptation } from "@/lib/adapt/adaptation-record";
import { baseFingerprint } from "@/lib/adapt/base-fingerprint";
import { decodeModel } from "@/lib/model/format";
import { paramsToWeights, weightsToParams } from "@/lib/model/param-block";
import { MODEL_FILES, Recognizer } from "@/lib/model/recognizer";
import { segmentLines } from "@/lib/ink/lines/segment-lines";
import { LineReadingCache, lineKeys } from "@/lib/model/line-reading-cache";
import { recognizeLines } from "@/lib/model/recognize-lines";
import { warmUp } from "@/lib/model/warm-up";
import { browserThreadSpawner } from "./kernel-thread-spawner";
import { forgetCachedModels, loadModelFiles, ModelFetchError } from "./model-cache";
import { PAGE_DECODING, PAGE_PRECISION } from "./recognition-settings";
import type { Precision } from "@/lib/model/network";
import { epochNow, type FromWorker, type ToWorker } from "./worker-protocol";

declare const self: DedicatedWorkerGlobalScope;

let recognizer: Recognizer | undefined;
/** The base model's parameters and fingerprint, kept so an adaptation can be applied and removed. */
let base: { params: Float32Array; fingerprint: string } | undefined;
let lm: CharNgramLM | undefined;
/** The LM recognition decodes with: the shared one, or with a personal adaptation, one that prefers the writer's words. */
let decodingLm: CharLanguageModel | undefined;
/** The word LM PAGE_DECODING weighs (Brown Corpus trigrams, lib/ctc/assets/word-lm-en.json). */
let wordLm: WordNgramLM | undefined;
/** The lexicon PAGE_DECODING holds the beam to (65k words and names, lib/ctc/assets/words-en.json), built over the model's charset. */
let lexicon: Lexicon | undefined;
/** The lexicon recognition decodes with: the shared one, or with a personal adaptation, that plus the writer's words. */
let decodingLexicon: Lexicon | undefined;
let loading: Promise<void> | undefined;
/**
 * Each line's reading by its strokes, so that live recognition of a note re-reads only the line
 * that changed. Emptied whenever the weights or the LM change (a model load, an adaptation).
 */
const lineCache = new LineReadingCache();

const post = (message: FromWorker) => self.postMessage(message);

async function loadLanguageModel(): Promise<CharNgramLM> {
  // A separate chunk (~800 KB): fetched in parallel with the weights and kept by the HTTP cache.
  const json = (await import("@/lib/ctc/assets/lm-en.json")).default as unknown as CharNgramLMJson;
  return CharNgramLM.fromJSON(json);
}

async function loadWordLanguageModel(): Promise<WordNgramLM> {
  // A separate chunk too (~1.7 MB, ~0.6 MB compressed), fetched in parallel with the weights.
  const json = (await import("@/lib/ctc/assets/word-lm-en.json")).default as unknown as WordNgramLMJson;
  return WordNgramLM.fromJSON(json);
}

async function loadWordList(): Promise<WordListJson> {
  // A third chunk (~730 KB, ~200 KB compressed); the lexicon is built once the model's charset is known.
  return (await import("@/lib/ctc/assets/words-en.json")).default as unknown as WordListJson;
}

async function load(url: string, precision: Precision, threads: 1 | 2): Promise<void> {
  const started = performance.now();
  let lastReport = 0;
  const lmPromise = loadLanguageModel();
  const wordLmPromise = loadWordLanguageModel();
  const wordListPromise = loadWordList();
  lmPromise.catch(() => {}); // awaited below; keeps an early failure from being "unhandled"
  wordLmPromise.catch(() => {});
  wordListPromise.catch(() => {});
  let files;
  // The int8 form (a quarter of the float32 bytes, half the float16 ones) when the page runs int8;
  // a version without one loads the float form, which the engine then quantises itself.
  let modelFile = MODEL_FILES[precision];
  const onProgress = (loadedBytes: number, totalBytes: number, fromCache: boolean) => {
    const now = performance.now();
    if (now - lastReport < 50 && loadedBytes < totalBytes) return; // a few updates a second is plenty
    lastReport = now;
    post({ type: "progress", loadedBytes, totalBytes, fromCache });
  };
  try {
    try {
      files = await loadModelFiles(url, onProgress, modelFile);
    } catch (e) {
      if (modelFile === MODEL_FILES.float || !(e instanceof ModelFetchError) || !/HTTP 404/.test(e.message)) throw e;
      modelFile = MODEL_FILES.float;
      files = await loadModelFiles(url, onProgress, modelFile);
    }
  } catch (e) {
    const failure = e instanceof ModelFetchError ? e.failure : "network";
    post({ type: "load-error", failure, message: (e as Error).message });
    return;
  }
  try {
    // A second thread where the page is cross-origin isolated (shared memory); one thread elsewhere.
    const spawnThread = threads > 1 && self.crossOriginIsolated && typeof Worker === "function" ? browserThreadSpawner : undefined;
    const { meta, weights } = decodeModel(files.modelJson, files.weightData);
    const params = weightsToParams(meta.config, weights);
    base = { params, fingerprint: baseFingerprint(meta.config, params) };
    // int8 is made from these (float) weights on load, so the base parameters and their
    // fingerprint, which personal adaptations are bound to, are the same in both precisions.
    recognizer = await Recognizer.fromWeights(meta, weights, { spawnThread, precision });
    lineCache.clear();
  } catch (e) {
    if (files.fromCache) await forgetCachedModels(); // next visit downloads a fresh copy
    post({ type: "load-error", failure: "invalid", message: `the model could not be read: ${(e as Error).message}` });
    return;
  }
  try {
    lm = await lmPromise;
    decodingLm = lm;
    wordLm = await wordLmPromise;
    wordLm.spellingTrie(recognizer.charset); // built now (~70 ms), not on the first stroke
    lexicon = Lexicon.fromJSON(recognizer.charset, await wordListPromise);
    decodingLexicon = lexicon;
  } catch (e) {
    post({ type: "load-error", failure: "engine", message: `the language models or the lexicon could not be loaded: ${(e as Error).message}` });
    return;
  }
  try {
    // Before "ready", so the first strokes are read by optimised code, not while it compiles.
    const warm = recognizer;
    warmUp((ink) => recognizeLines(warm, ink, { ...PAGE_DECODING, lm: decodingLm, wordLm, lexicon: decodingLexicon }));
  } catch (e) {
    post({ type: "load-error", failure: "engine", message: `the recognizer failed on its warm-up ink: ${(e as Error).message}` });
    return;
  }
  post({
    type: "ready",
    version: recognizer.meta.version,
    engine: recognizer.engineName,
    threads: recognizer.threads,
    kernelBuild: recognizer.kernelBuild,
    precision: recognizer.precision,
    modelFile,
    fromCache: files.fromCache,
    loadMs: performance.now() - started,
    webAssembly: typeof WebAssembly === "object",
    fingerprint: base.fingerprint,
  });
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "load") {
    loading ??= load(message.url, message.precision ?? PAGE_PRECISION, message.threads ?? 2).finally(() => {
      if (!recognizer) loading = undefined; // a failed load may be retried
    });
    return;
  }
  if (message.type === "use-adaptation") {
    // Not before the language models and the lexicon are in too: the load sets them after the
    // weights, and would otherwise replace the personal ones made here with the shared ones.
    if (!recognizer || !base || !lm || !lexicon) {
      post({ type: "adaptation", applied: false, stale: false, message: "the model is not loaded yet" });
      return;
    }
    try {
      const { config } = recognizer.meta;
      const params = message.record ? applyAdaptation(config, recognizer.meta.version, base.params, message.record, base.fingerprint) : base.params;
      recognizer.replaceWeights(paramsToWeights(config, params));
      ({ lm: decodingLm, lexicon: decodingLexicon } = personalDecoding({ lm, lexicon }, message.record));
      lineCache.clear();
      post({ type: "adaptation", applied: true, stale: false, message: null });
    } catch (e) {
      post({ type: "adaptation", applied: false, stale: e instanceof AdaptationMismatchError, message: (e as Error).message });
    }
    return;
  }
  if (message.type === "recognize") {
    const received = epochNow();
    if (!recognizer) {
      post({ type: "recognize-error", id: message.id, message: "the model is not loaded yet" });
      return;
    }
    try {
      // Line by line: a word or a single line is one line, read exactly as recognize() reads it.
      const lines = segmentLines(message.ink);
      const keys = lineKeys(message.ink, lines);
      const r = recognizeLines(recognizer, message.ink, { ...PAGE_DECODING, lm: decodingLm, wordLm, lexicon: decodingLexicon }, lines, lineCache);
      post({
        type: "result",
        id: message.id,
        candidates: r.candidates,
        alignment: r.alignment,
        timings: r.timings,
        frames: r.frames,
        lines: r.lines.map((line, k) => ({ key: keys[k] ?? "", strokes: [...line.strokes], candidates: line.candidates, alignment: line.alignment })),
        clock: { received, answered: epochNow() },
      });
    } catch (e) {
      post({ type: "recognize-error", id: message.id, message: (e as Error).message });
    }
  }
};
