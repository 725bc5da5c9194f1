import { z } from "zod";

/**
 * The allowed values of the enum-like string columns in prisma/schema.prisma.
 * SQLite stores them as plain TEXT, so these schemas are what keeps bad values out;
 * validate with them wherever a value enters the database.
 * Kept apart from lib/db.ts so that client components can import them without Prisma.
 */

export const SampleSourceSchema = z.enum(["prompted", "corrected", "imported"]);
export type SampleSource = z.infer<typeof SampleSourceSchema>;

export const SampleStatusSchema = z.enum(["pending", "approved", "rejected"]);
export type SampleStatus = z.infer<typeof SampleStatusSchema>;

export const TrainingRunStatusSchema = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);
export type TrainingRunStatus = z.infer<typeof TrainingRunStatusSchema>;
