import type { Ink } from "../ink/types";
import { preprocessInk } from "../ink/preprocess";
import type { ModelConfig } from "./config";
import { BiLstmNetwork } from "./network";
import type { Int8Drift } from "./quantize";

/**
 * How far the int8 path may drift from the float one on recorded inks before an int8 form is
 * refused (export) or a test fails: mean |Δlogit| and the share of frames whose top class changes
 * although the float model preferred its own by more than TIE_MARGIN (a change between near-tied
 * classes is no drift: an untrained model is all near-ties). Measured on v1 and the 40 fixture
 * inks: mean |Δlogit| 0.031, 0.09% of frames change class, no greedy reading changes. The bounds
 * leave ~3× headroom and catch a broken scale or layout (which moves every logit by ≫ 1).
 */
export const INT8_DRIFT_TOLERANCE = { meanAbsLogit: 0.1, argmaxFlipRate: 0.005 } as const;
/** Logits closer than this to the float top class count as a tie (see INT8_DRIFT_TOLERANCE). */
export const TIE_MARGIN = 0.1;

/** Greedy CTC reading as class indices (collapse repeats, drop blanks). */
function greedyPath(logits: Float32Array, steps: number, C: number, blank: number): number[] {
  const out: number[] = [];
  let prev = -1;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    for (let c = 1; c < C; c++) if (logits[t * C + c] > logits[t * C + best]) best = c;
    if (best !== prev && best !== blank) out.push(best);
    prev = best;
  }
  return out;
}

/** Float vs int8 logits of the same weights on the same inks (one network, both precisions). */
export async function measureInt8Drift(config: ModelConfig, weights: ReadonlyMap<string, Float32Array>, inks: readonly Ink[]): Promise<Int8Drift> {
  const net = await BiLstmNetwork.create(config, { int8: true });
  net.setWeights(weights);
  net.syncDerived();
  const C = config.charset.chars.length, blank = config.charset.blank;
  let frames = 0, samples = 0, flips = 0, changed = 0, sum = 0, max = 0, count = 0;
  for (const ink of inks) {
    const f = preprocessInk(ink, config.preprocess);
    if (f.steps === 0) continue;
    net.setPrecision("float");
    const a = net.infer(f.features, f.steps);
    net.setPrecision("int8");
    const b = net.infer(f.features, f.steps);
    for (let i = 0; i < a.length; i++) {
      const d = Math.abs(a[i] - b[i]);
      sum += d;
      if (d > max) max = d;
    }
    count += a.length;
    for (let t = 0; t < f.steps; t++) {
      let ia = 0, ib = 0;
      for (let c = 1; c < C; c++) {
        if (a[t * C + c] > a[t * C + ia]) ia = c;
        if (b[t * C + c] > b[t * C + ib]) ib = c;
      }
      if (ia !== ib && a[t * C + ia] - a[t * C + ib] > TIE_MARGIN) flips++;
    }
    if (greedyPath(a, f.steps, C, blank).join() !== greedyPath(b, f.steps, C, blank).join()) changed++;
    frames += f.steps;
    samples++;
  }
  if (samples === 0) throw new Error("measureInt8Drift: no ink with any steps");
  return { samples, frames, maxAbsLogit: max, meanAbsLogit: sum / count, argmaxFlipRate: flips / frames, readingChangeRate: changed / samples };
}

/** The first bound the drift breaks, in words, or null when it is within INT8_DRIFT_TOLERANCE. */
export function int8DriftProblem(d: Int8Drift): string | null {
  const t = INT8_DRIFT_TOLERANCE;
  if (!(d.meanAbsLogit <= t.meanAbsLogit)) return `mean |Δlogit| ${d.meanAbsLogit.toFixed(4)} > ${t.meanAbsLogit}`;
  if (!(d.argmaxFlipRate <= t.argmaxFlipRate)) return `${(100 * d.argmaxFlipRate).toFixed(2)}% of frames change their top class (> ${100 * t.argmaxFlipRate}%)`;
  return null;
}
