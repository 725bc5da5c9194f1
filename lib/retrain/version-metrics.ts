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
  /**
   * How every score here was decoded, so that only like is compared with like (the promote guard):
   * "page-soft-lexicon" = the Write page's decoding since its lexicon lets a word it lacks out at a
   * cost, word by word (PAGE_DECODING's oovWordPenalty; PAGE_DECODER_TAG); "page-lexicon" = the
   * page's decoding from when it took the lexicon until then (whole-reading fallback); "page" = the page's decoding before that (both LMs, no lexicon), what
   * model selection used since it was found that a fine-tune's greedy gains did not carry over to
   * it; "greedy" in versions trained before.
   */
  decoder: z.enum(["greedy", "page", "page-lexicon", "page-soft-lexicon"]),
  /**
   * How the kept weights were chosen: "guarded-held-out-loss" = lowest held-out CTC loss among
   * evaluations within guardRel of the parent's validation CER (step 0 is the parent itself);
   * "guarded-held-out" = the same with the held-out CER (versions trained before the loss rule);
   * "validation" = lowest validation CER. Absent in versions trained before any rule was recorded.
   */
  selection: z.object({ rule: z.enum(["guarded-held-out-loss", "guarded-held-out", "validation"]), guardRel: z.number(), step: z.number().int() }).optional(),
  /**
   * The contributing writers' personal adaptations the run derived on the new weights
   * (lib/retrain/derive-writer-adaptations.ts): writers, their lines, seconds; absent in older runs.
   */
  personal: z.object({ writers: z.number().int(), lines: z.number().int(), seconds: z.number(), replaySet: z.number().int() }).optional(),
});
export type VersionMetrics = z.infer<typeof VersionMetricsSchema>;

/** JSON text parsed and checked against `schema`; null when it is not JSON or not in that shape. */
function parseJsonAs<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const r = schema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** Parses ModelVersion.metrics; null when it is not in this shape (e.g. imported versions). */
export function parseVersionMetrics(text: string): VersionMetrics | null {
  return parseJsonAs(VersionMetricsSchema, text);
}

/**
 * One row of a shipped version's metrics.json: one evaluation set scored with one decoder, as
 * `npm run model-card` writes it (scripts/model-card.ts) beside MODEL_CARD.md. `exact` is the share
 * of samples read exactly; ms_per_sample is one core, recognition end to end.
 */
export const ModelCardRowSchema = z.object({
  set: z.string(),
  decoder: z.string(),
  samples: z.number().int(),
  cer: z.number(),
  wer: z.number(),
  exact: z.number(),
  ms_per_sample: z.number(),
});
export type ModelCardRow = z.infer<typeof ModelCardRowSchema>;

/** A shipped version's metrics.json. Shipped versions have no ModelVersion row, so this is where their numbers are. */
export const ModelCardMetricsSchema = z.object({ version: z.string(), validation: z.array(ModelCardRowSchema) });
export type ModelCardMetrics = z.infer<typeof ModelCardMetricsSchema>;

/** Parses a metrics.json; null when it is not JSON or not in this shape. */
export function parseModelCardMetrics(text: string): ModelCardMetrics | null {
  return parseJsonAs(ModelCardMetricsSchema, text);
}

/** What the versions table shows for a shipped version: the model card's greedy rows, the decoder trained versions are scored with. */
export interface ModelCardScores {
  /** The sets the numbers are on, e.g. "words (7598), lines (695)". */
  readonly sets: string;
  readonly wordCer: number | null;
  readonly wordAccuracy: number | null;
  readonly lineWer: number | null;
}

/** The greedy words and (first) lines rows of a model card; null when it has neither. */
export function modelCardScores(card: ModelCardMetrics): ModelCardScores | null {
  const greedy = card.validation.filter((r) => r.decoder === "greedy");
  const words = greedy.find((r) => r.set === "words");
  const lines = greedy.find((r) => r.set.startsWith("lines"));
  if (!words && !lines) return null;
  const sets = [words && `words (${words.samples})`, lines && `lines (${lines.samples})`].filter(Boolean).join(", ");
  return { sets, wordCer: words?.cer ?? null, wordAccuracy: words?.exact ?? null, lineWer: lines?.wer ?? null };
}
