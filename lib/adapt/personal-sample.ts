import { z } from "zod";
import { SubmittedInkSchema, SUBMISSION_LIMITS } from "../samples/sample-submission-schema";

/**
 * One of a writer's own samples as the device keeps it (IndexedDB), for personal adaptation:
 * the ink and what it says. Immutable and versioned, so a later release can read (or migrate)
 * what an earlier one stored; anything that does not parse is skipped, never trained on.
 */
export const PERSONAL_SAMPLE_VERSION = 1;

export const PersonalSampleSchema = z.strictObject({
  schemaVersion: z.literal(PERSONAL_SAMPLE_VERSION),
  id: z.uuid(),
  ink: SubmittedInkSchema,
  /** One line: the adapter learns a line at a time (a note from Contribute is kept as its lines, lib/ink/lines/split-labelled-lines.ts). */
  text: z
    .string()
    .trim()
    .min(1)
    .max(SUBMISSION_LIMITS.maxLabelChars)
    .refine((t) => !/[\r\n\u2028\u2029]/.test(t), "a personal sample is one line"),
  /** A correction on the Write page, or a prompted sample from Contribute. */
  source: z.enum(["corrected", "prompted"]),
  /** ms since the epoch. */
  createdAt: z.number().int().min(0),
});
export type PersonalSample = z.infer<typeof PersonalSampleSchema>;

/**
 * The samples a personal adaptation needs before it is worth running (and worth trusting): in
 * bench-adapt, 10 and 25 samples gave −5% and −7% with some writers worse, 50 gave −20% with
 * all eight better; on six other validation writers, 30 improved four clearly and two got worse.
 */
export const PERSONALIZE_MIN_SAMPLES = 30;
/** Adapt again once this many new samples arrived since the last adaptation. */
export const PERSONALIZE_AGAIN_AFTER = 10;
/** Newest samples an adaptation trains on: enough to learn a hand, few enough to stay under a minute. */
export const PERSONALIZE_MAX_SAMPLES = 60;

/** Whether the device should (re)adapt now, given what it has and what its adaptation was made from. */
export function shouldAdapt(samples: number, adaptation: { samples: number; stale: boolean } | null): boolean {
  if (samples < PERSONALIZE_MIN_SAMPLES) return false;
  if (!adaptation || adaptation.stale) return true;
  return samples - adaptation.samples >= PERSONALIZE_AGAIN_AFTER && adaptation.samples < PERSONALIZE_MAX_SAMPLES;
}
