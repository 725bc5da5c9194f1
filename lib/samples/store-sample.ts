import type { PrismaClient } from "../db";
import type { SampleSource, SampleStatus } from "../db-enums";
import { countPoints } from "../ink/types";
import type { SampleSubmission } from "./sample-submission-schema";

/** What storeSample writes: a validated submission, or an imported record validated the same way. */
export type StorableSample = Omit<SampleSubmission, "source"> & { readonly source: SampleSource };

export type StoreSampleResult =
  /** Stored now. */
  | { readonly outcome: "created"; readonly id: string }
  /** A sample with this id and the same content was stored before (a retried POST). */
  | { readonly outcome: "duplicate"; readonly id: string }
  /** A sample with this id but different content exists; nothing was stored. */
  | { readonly outcome: "conflict"; readonly id: string };

type SampleDb = Pick<PrismaClient, "sample">;

/** Prisma's "unique constraint failed", the same code on SQLite and PostgreSQL. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Stores a validated submission under its client-generated id, exactly once. A single INSERT
 * is atomic, so there is never a partial row; when the id exists already (a retry, or two
 * concurrent copies of one request) the stored row is compared with the submission instead.
 * The ink is stored as its canonical JSON (keys in schema order, as Zod output them), so the
 * same ink always compares equal. `status` is where a new row starts (imports may start approved);
 * it is not compared, since review changes it after the fact.
 */
export async function storeSample(db: SampleDb, submission: StorableSample, status: SampleStatus = "pending"): Promise<StoreSampleResult> {
  const data = {
    id: submission.id,
    ink: JSON.stringify(submission.ink),
    label: submission.text,
    writerId: submission.writerId,
    source: submission.source,
    consent: submission.consent,
    status,
    pointCount: countPoints(submission.ink),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await db.sample.create({ data, select: { id: true } });
      return { outcome: "created", id: data.id };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const existing = await db.sample.findUnique({
      where: { id: data.id },
      select: { ink: true, label: true, writerId: true, source: true },
    });
    // Deleted between the failed INSERT and this read: try the INSERT once more.
    if (!existing) continue;
    const same = existing.ink === data.ink && existing.label === data.label && existing.writerId === data.writerId && existing.source === data.source;
    return { outcome: same ? "duplicate" : "conflict", id: data.id };
  }
  throw new Error(`storeSample: sample ${data.id} kept appearing and disappearing`);
}
