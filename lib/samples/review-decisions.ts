import type { z } from "zod";
import type { Charset } from "../ctc/charset";
import type { PrismaClient } from "../db";
import type { SampleStatus } from "../db-enums";
import { labelSchema } from "./sample-submission-schema";

/** What a reviewer decided about one or more samples: a status, and/or (one sample only) a corrected label. */
export interface SampleDecision {
  readonly ids: readonly string[];
  readonly status?: SampleStatus;
  readonly label?: string;
}

export type SampleDecisionOutcome =
  | { readonly outcome: "updated"; readonly updated: number; /** The label as stored (trimmed, NFC). */ readonly label?: string }
  | { readonly outcome: "not_found" }
  | { readonly outcome: "invalid_label"; readonly error: z.ZodError };

/** What POST /api/admin/review/decisions answers with. */
export interface SampleDecisionResponse {
  readonly updated: number;
  readonly label?: string;
}

/**
 * The one write path for review decisions, behind PATCH /api/admin/samples/:id (one status) and
 * POST /api/admin/review/decisions (bulk statuses, or a relabel). A new label is checked like a
 * submission's (trimmed, NFC, 1–200 characters, in the active model's charset: `charset` is only
 * read when there is a label). One UPDATE, so a bulk decision is all or nothing.
 */
export async function decideSamples(db: Pick<PrismaClient, "sample">, decision: SampleDecision, charset: () => Promise<Charset>): Promise<SampleDecisionOutcome> {
  let label: string | undefined;
  if (decision.label !== undefined) {
    const checked = labelSchema(await charset()).safeParse(decision.label);
    if (!checked.success) return { outcome: "invalid_label", error: checked.error };
    label = checked.data;
  }
  const result = await db.sample.updateMany({
    where: { id: { in: [...decision.ids] } },
    data: { ...(decision.status ? { status: decision.status } : {}), ...(label !== undefined ? { label } : {}) },
  });
  if (result.count === 0) return { outcome: "not_found" };
  return { outcome: "updated", updated: result.count, ...(label !== undefined ? { label } : {}) };
}
