import { z } from "zod";
import { SetScoreSchema, ValidationScoreSchema } from "./eval-scores";

/**
 * ModelVersion.metrics for versions trained here. `cer`/`wer` at the top are the fixed
 * validation set's, so anything that only wants one number (e.g. /api/models/active) has it.
 * Versions are only comparable on the same `validationSetId`.
 */
export const VersionMetricsSchema = z.object({
  cer: z.number(),
  wer: z.number(),
  validationSetId: z.string(),
  validation: ValidationScoreSchema,
  /** The approved samples held out of training (same hash split for every run). */
  heldOut: SetScoreSchema.nullable(),
  /** The model this one started from (fine-tunes), scored on the same sets in the same run. */
  parent: z.object({ version: z.string(), validation: ValidationScoreSchema.nullable(), heldOut: SetScoreSchema.nullable() }).nullable(),
  data: z.object({ newTrain: z.number().int(), heldOut: z.number().int(), base: z.number().int(), baseSource: z.string() }),
  training: z.object({ mode: z.enum(["finetune", "scratch"]), steps: z.number().int(), epochs: z.number(), seconds: z.number(), layers: z.number().int(), units: z.number().int() }),
  decoder: z.literal("greedy"),
  /**
   * How the kept weights were chosen: "guarded-held-out" = lowest held-out CER among evaluations
   * within guardRel of the parent's validation CER (step 0 is the parent itself); "validation" =
   * lowest validation CER. Absent in versions trained before the rule existed.
   */
  selection: z.object({ rule: z.enum(["guarded-held-out", "validation"]), guardRel: z.number(), step: z.number().int() }).optional(),
});
export type VersionMetrics = z.infer<typeof VersionMetricsSchema>;

/** Parses ModelVersion.metrics; null when it is not in this shape (e.g. imported versions). */
export function parseVersionMetrics(text: string): VersionMetrics | null {
  try {
    const r = VersionMetricsSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
