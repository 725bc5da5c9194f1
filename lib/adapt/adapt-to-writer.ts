import type { Ink } from "../ink/types";
import { recordVocabulary } from "./personal-lm";
import { augmentInk } from "../ink/augment";
import { ctcLossAndGrad } from "../ctc/ctc-loss";
import { greedyDecode } from "../ctc/greedy-decode";
import type { ModelConfig } from "../model/config";
import { BiLstmNetwork } from "../model/network";
import { mulberry32 } from "../random/mulberry32";
import { Adam, clipGlobalNorm } from "../training/adam";
import { shuffleInPlace, weightedSample } from "../training/shuffle";
import { ErrorRates } from "../training/metrics";
import { lengthSortedBatches, prepareSample, type PreparedSample } from "../training/prepare-sample";
import { type AdaptConfig, defaultAdaptConfig } from "./adapt-config";
import { ADAPTATION_FORMAT, ADAPTATION_SCHEMA_VERSION, type AdaptationRecord, encodeAdapterValues } from "./adaptation-record";
import { adapterLayout, adapterPlan, type AdapterSlot } from "./adapter-plan";
import { baseFingerprint } from "./base-fingerprint";
import { addKlToBase } from "./kl-to-base";
import { lowRankOnWasm, lowRankRoomFloats } from "./low-rank-wasm";
import { adapterGradients, factoredGradients, initAdapter, mergeAdapter } from "./merge-adapter";
import { replayCoverageWeights } from "./replay-set";

export interface WriterSample {
  ink: Ink;
  text: string;
}

export interface AdaptProgress {
  epoch: number;
  epochs: number;
  /** 0..1 of the whole run (epochs or time budget, whichever ends first). */
  fraction: number;
  loss: number;
  heldOutCer: number | null;
  etaSec: number | null;
}

export interface AdaptHooks {
  onProgress?: (p: AdaptProgress) => void;
  /** After each epoch, with the delta as it stands (a view: copy it to keep it). */
  onEpoch?: (epoch: number, adapter: Float32Array, slots: readonly AdapterSlot[]) => void;
  shouldStop?: () => boolean;
}

export interface BaseModel {
  version: string;
  config: ModelConfig;
  /** The base parameters in paramSpecs order (readModelParams, or flattened decodeModel weights). */
  params: Float32Array;
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** Greedy CER and mean CTC loss of the network's current weights on fixed samples. */
function score(net: BiLstmNetwork, set: { prepared: PreparedSample; text: string }[], config: ModelConfig): { cer: number; loss: number } {
  const rates = new ErrorRates();
  let loss = 0;
  const C = config.charset.chars.length;
  for (const batch of lengthSortedBatches(set.map((s) => ({ ...s, length: s.prepared.length })), 4000, 32)) {
    const { logits } = net.forward({ features: batch.map((b) => b.prepared.features), lengths: batch.map((b) => b.prepared.length) });
    batch.forEach((b, k) => {
      rates.add(b.text, greedyDecode(logits[k], b.prepared.length, C, config.charset).candidates[0]?.text ?? "");
      const r = ctcLossAndGrad(logits[k], b.prepared.length, C, b.prepared.labels, config.charset.blank);
      loss += r.feasible ? r.loss : 0;
    });
  }
  return { cer: rates.cer, loss: loss / Math.max(1, set.length) };
}

/**
 * Adapts the base model to one writer from their own samples and returns the adaptation record
 * (a small delta; the base weights are never changed). Pure and single-threaded: it runs the
 * same WebAssembly training kernels in a browser worker as in Node.
 *
 * 1. Prepare the samples; hold out a share (seeded) to choose the epoch.
 * 2. Start from a zero delta: epoch 0 is the base model itself, so the result is never worse
 *    than the base on the held-out samples.
 * 3. Each epoch: distort every training ink afresh, add a fresh draw of replayed words of
 *    other writers (replayRatio per own sample), cut length-sorted batches.
 * 4. Each batch: merge base + Δ, forward with dropout, CTC (plus the KL pull toward the base
 *    model's posteriors when klWeight > 0), backward to the merged weights' gradient, project
 *    it onto the delta (low-rank chain rule), add the L2 pull, clip, Adam.
 * 5. After each epoch: score the held-out samples, keep the best delta (CER, then loss).
 * 6. Stop at the epoch limit, the time budget or a stop request; return the best delta.
 */
export async function adaptToWriter(
  base: BaseModel,
  samples: readonly WriterSample[],
  overrides: Partial<AdaptConfig> = {},
  hooks: AdaptHooks = {},
  replayPool: readonly WriterSample[] = [],
): Promise<{ record: AdaptationRecord; adapter: Float32Array; slots: AdapterSlot[] }> {
  const cfg = defaultAdaptConfig(overrides);
  const { config } = base;
  const started = now();

  // 1. Samples, and the held-out part.
  const usable = samples.map((s) => ({ ...s, prepared: prepareSample(s.ink, s.text, config) })).filter((s) => s.prepared !== null) as (WriterSample & { prepared: PreparedSample })[];
  if (usable.length < cfg.minSamples) throw new Error(`adaptation needs at least ${cfg.minSamples} usable samples, got ${usable.length} of ${samples.length}`);
  const order = shuffleInPlace([...usable.keys()], mulberry32(cfg.seed));
  const heldCount = cfg.heldOutShare > 0 && usable.length >= 2 * cfg.minHeldOut ? Math.max(cfg.minHeldOut, Math.round(cfg.heldOutShare * usable.length)) : 0;
  const heldOut = order.slice(0, heldCount).map((i) => usable[i]);
  const trainSet = order.slice(heldCount).map((i) => usable[i]);
  // Other writers' words replayed each epoch, in proportion to the writer's own.
  const replay = cfg.replayRatio > 0 ? (replayPool.map((s) => ({ ...s, prepared: prepareSample(s.ink, s.text, config) })).filter((s) => s.prepared !== null) as (WriterSample & { prepared: PreparedSample })[]) : [];
  const replayPerEpoch = Math.min(replay.length, Math.round(cfg.replayRatio * trainSet.length));
  const replayWeights = cfg.replayDraw === "coverage" ? replayCoverageWeights(replay.map((r) => r.text), trainSet.map((s) => s.text)) : [];

  // 2. The network, the zero delta, and the base model's own held-out score.
  const plan = adapterPlan(config, cfg.plan);
  const roomFloats = lowRankRoomFloats(plan);
  const net = await BiLstmNetwork.create(config, { extraPersistentFloats: roomFloats });
  const specs = net.specs;
  if (base.params.length !== net.numParams) throw new Error(`base parameters have ${base.params.length} values, the model's config needs ${net.numParams}`);
  const fingerprint = baseFingerprint(config, base.params);
  // A·B merged and the gradient projected on the SIMD GEMM: as JS loops they took over a quarter of each step.
  const lowRank = lowRankOnWasm(net.kernels, roomFloats);
  const { slots, size } = adapterLayout(plan);
  const rand = mulberry32(cfg.seed * 7919 + 17);
  const adapter = initAdapter(slots, size, rand);
  const grads = new Float32Array(size);
  // The low-rank factors' gradients straight from backward(), without each kernel's full gradient.
  const factored = factoredGradients(slots, adapter, grads);
  const adam = new Adam(size);
  const load = () => {
    mergeAdapter(base.params, specs, slots, adapter, net.params(), lowRank);
    net.syncDerived();
  };
  load();
  // The base model itself, for the KL pull (inference only, never changed).
  let baseNet: BiLstmNetwork | null = null;
  if (cfg.klWeight > 0) {
    baseNet = await BiLstmNetwork.create(config);
    baseNet.params().set(base.params);
    baseNet.syncDerived();
  }
  const before = heldOut.length ? score(net, heldOut, config) : null;
  let best = { cer: before?.cer ?? Infinity, loss: before?.loss ?? Infinity, epoch: 0, adapter: adapter.slice() };
  const C = config.charset.chars.length;
  let epoch = 0;
  let lastLoss = NaN;
  // Batches per epoch do not depend on the distortions much: the undistorted lengths tell.
  const batchesPerEpoch = Math.ceil(lengthSortedBatches(trainSet.map((s) => s.prepared), cfg.batchFrames, cfg.maxBatch).length * (1 + replayPerEpoch / Math.max(1, trainSet.length)));
  const epochs = Math.max(cfg.epochs, Math.ceil(cfg.minSteps / Math.max(1, batchesPerEpoch)));
  const totalSteps = Math.max(1, epochs * batchesPerEpoch);
  let stepsDone = 0;
  for (epoch = 1; epoch <= epochs; epoch++) {
    // 3. This epoch's distorted copies, in length-sorted batches (shuffled).
    const epochRand = mulberry32(cfg.seed * 1_000_003 + epoch);
    const prepared: PreparedSample[] = [];
    const distorted = (s: WriterSample & { prepared: PreparedSample }) => (cfg.augment ? prepareSample(augmentInk(s.ink, epochRand, cfg.augmentation), s.text, config) : s.prepared) ?? s.prepared;
    for (const s of trainSet) prepared.push(distorted(s));
    // The draw comes after the writer's own distortions, so their random stream is as without replay.
    const drawn = cfg.replayDraw === "coverage" ? weightedSample(replayWeights, replayPerEpoch, epochRand) : shuffleInPlace([...replay.keys()], epochRand).slice(0, replayPerEpoch);
    for (const i of drawn) prepared.push(distorted(replay[i]));
    const batches = shuffleInPlace(lengthSortedBatches(prepared, cfg.batchFrames, cfg.maxBatch), epochRand);
    let lossSum = 0, counted = 0, steps = 0;
    for (const batch of batches) {
      if (hooks.shouldStop?.()) break;
      steps++;
      // 4. Merge, forward, CTC, backward (straight to the low-rank factors' gradients), the full deltas' gradients, L2 pull, clip, Adam.
      load();
      const { logits, state } = net.forward({ features: batch.map((b) => b.features), lengths: batch.map((b) => b.length) }, { training: true, rng: epochRand, dropout: cfg.dropout ?? config.dropout });
      const dLogits = logits.map((l, b) => {
        const r = ctcLossAndGrad(l, batch[b].length, C, batch[b].labels, config.charset.blank);
        if (!r.feasible) return new Float32Array(l.length);
        lossSum += r.loss;
        counted++;
        for (let k = 0; k < r.grad.length; k++) r.grad[k] /= batch.length;
        if (baseNet) addKlToBase(l, baseNet.infer(batch[b].features, batch[b].length), batch[b].length, C, cfg.klWeight / batch.length, r.grad);
        return r.grad;
      });
      net.zeroGrads();
      grads.fill(0); // backward() adds the low-rank factors' gradients into it
      net.backward(state, dLogits, { factored });
      adapterGradients(net.grads(), specs, slots, adapter, grads, lowRank, true);
      for (let k = 0; k < size; k++) grads[k] += cfg.weightDecay * adapter[k];
      const lr = cfg.lrSchedule === "cosine" ? 0.5 * cfg.lr * (1 + Math.cos((Math.PI * Math.min(stepsDone, totalSteps)) / totalSteps)) : cfg.lr;
      stepsDone++;
      if (Number.isFinite(clipGlobalNorm(grads, cfg.clipNorm))) adam.step(adapter, grads, lr);
    }
    lastLoss = counted ? lossSum / counted : NaN;
    hooks.onEpoch?.(epoch, adapter, slots);
    // 5. Held-out score (merged first: the network still holds the delta before the last step); keep the best delta.
    let s: { cer: number; loss: number } | null = null;
    if (heldOut.length) {
      load();
      s = score(net, heldOut, config);
    }
    if (steps > 0 && (!s || (cfg.select === "loss" ? s.loss < best.loss : s.cer < best.cer || (s.cer === best.cer && s.loss < best.loss)))) best = { cer: s?.cer ?? 0, loss: s?.loss ?? 0, epoch, adapter: adapter.slice() };
    // 6. Limits.
    const elapsed = (now() - started) / 1000;
    const perEpoch = elapsed / epoch;
    const epochsLeft = Math.min(epochs - epoch, Math.floor((cfg.maxSeconds - elapsed) / perEpoch));
    hooks.onProgress?.({
      epoch,
      epochs,
      fraction: Math.min(1, epoch / (epoch + Math.max(0, epochsLeft))),
      loss: lastLoss,
      heldOutCer: s?.cer ?? null,
      etaSec: Math.max(0, epochsLeft) * perEpoch,
    });
    if (epochsLeft <= 0 || hooks.shouldStop?.()) break;
  }
  const record: AdaptationRecord = {
    format: ADAPTATION_FORMAT,
    schemaVersion: ADAPTATION_SCHEMA_VERSION,
    base: { version: base.version, fingerprint },
    plan,
    values: encodeAdapterValues(best.adapter),
    trainSamples: trainSet.length,
    samples: usable.length,
    heldOut: before ? { samples: heldOut.length, cerBefore: before.cer, cerAfter: best.cer, lossBefore: before.loss, lossAfter: best.loss } : null,
    vocabulary: recordVocabulary(usable.map((u) => u.text)),
    epochs: best.epoch,
    trainSeconds: (now() - started) / 1000,
    createdAt: new Date().toISOString(),
  };
  return { record, adapter: best.adapter, slots };
}
