import { z } from "zod";

/**
 * The evaluation numbers every retrain record carries, in one schema: the live evaluations of a
 * run (TrainingRun.epochMetrics), a version's metrics (ModelVersion.metrics) and the parent's
 * scores beside them. Corpus-level rates, decoded as train() validated them (VersionMetrics.decoder).
 */

/** Scores on the fixed validation set: the combined CER, and the word and line parts of it. */
export const ValidationScoreSchema = z.object({
  cer: z.number(),
  wordCer: z.number(),
  wordWer: z.number(),
  wordAccuracy: z.number(),
  lineCer: z.number(),
  lineWer: z.number(),
});
export type ValidationScore = z.infer<typeof ValidationScoreSchema>;

/** Scores on one set of samples (e.g. the approved samples held out of training). */
export const SetScoreSchema = z.object({
  cer: z.number(),
  wer: z.number(),
  /** Share of samples transcribed exactly. */
  accuracy: z.number(),
  samples: z.number().int(),
});
export type SetScore = z.infer<typeof SetScoreSchema>;

/** Just the validation scores of a record that has more (an evaluation point, train()'s EvalResult). */
export function validationScoreOf(record: ValidationScore): ValidationScore {
  return { cer: record.cer, wordCer: record.wordCer, wordWer: record.wordWer, wordAccuracy: record.wordAccuracy, lineCer: record.lineCer, lineWer: record.lineWer };
}

/** Just the set scores of a record that has more (scoreSet's edit counts). */
export function setScoreOf(record: SetScore): SetScore {
  return { cer: record.cer, wer: record.wer, accuracy: record.accuracy, samples: record.samples };
}
