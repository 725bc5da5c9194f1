import type { Ink } from "./types";
import { inkToPolylines } from "./polylines";
import { writingZone } from "./writing-height";
import { normalize } from "./normalize";
import { levelCentreLine } from "./level-centre-line";
import { resample } from "./resample";
import { arcLength } from "./arc-length";
import { featuresFromPolylines, FEATURE_DIMS, FEATURE_NAMES } from "./features";

export { FEATURE_DIMS, FEATURE_NAMES };

/**
 * Bumped whenever the features change meaning; stored with every model so a mismatch is caught at load.
 * Not bumped for levelling long lines (level-centre-line.ts) or for the flat-ink floor of the
 * writing height (writing-height.ts): both only change where a line wider than 8 (resp. 50)
 * writing heights sits and how large it is, never what a feature means, and the models trained
 * before them read such lines better with them (model card), so refusing those models would
 * only take the gain away.
 */
export const PREPROCESS_VERSION = 1;

export interface PreprocessOptions {
  /** Resampling spacing in writing heights. ~0.1 gives ~8 frames per letter: enough for CTC, cheap for the LSTM. */
  spacing?: number;
  /** Hard cap on output steps; longer inks are resampled more coarsely rather than truncated. */
  maxSteps?: number;
}

export const DEFAULT_PREPROCESS: Required<PreprocessOptions> = { spacing: 0.1, maxSteps: 4_000 };

export interface InkFeatures {
  /** Row-major [steps, dims] features, finite by construction. */
  features: Float32Array;
  steps: number;
  dims: number;
  /** For each step, the index of the ink stroke it came from (maps CTC frames back to strokes). */
  strokeOfStep: Int32Array;
  /** Writing height in the ink's own units (useful to size UI highlights). */
  height: number;
}

/**
 * The single preprocessing path shared by training (Node) and recognition (browser):
 * validate → drop duplicates → level a long line's centre line → estimate writing zone →
 * normalise → resample → features.
 *
 * Defined results for degenerate inks: no points → 0 steps; a single dot → 1 step;
 * a huge ink → at most `maxSteps` steps (coarser spacing). Non-finite coordinates throw
 * an InkError naming the stroke and point.
 */
export function preprocessInk(ink: Ink, options: PreprocessOptions = {}): InkFeatures {
  const { spacing, maxSteps } = { ...DEFAULT_PREPROCESS, ...options };
  const { polylines, strokeIndex } = inkToPolylines(ink);
  // A long line's drifting centre line is levelled first, and its writing zone measured again on
  // the levelled ink; words and short phrases come back as they were, and keep their zone.
  const inkZone = writingZone(polylines);
  const level = levelCentreLine(polylines, inkZone);
  const zone = level === polylines ? inkZone : writingZone(level);
  const normalised = normalize(level, zone);
  // Coarsen the spacing when the ink would exceed maxSteps (one point per stroke is the floor).
  const budget = Math.max(1, maxSteps - normalised.length);
  const effectiveSpacing = Math.max(spacing, arcLength(normalised) / budget);
  let resampled = resample(normalised, effectiveSpacing);
  if (resampled.length > maxSteps) resampled = resampled.slice(0, maxSteps); // more strokes than steps: keep the first
  const { features, steps, strokeOfStep } = featuresFromPolylines(resampled, strokeIndex.slice(0, resampled.length));
  return { features, steps, dims: FEATURE_DIMS, strokeOfStep, height: zone.height };
}
