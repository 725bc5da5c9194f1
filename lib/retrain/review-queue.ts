import { z } from "zod";
import type { PrismaClient } from "../db";
import { SampleStatusSchema } from "../db-enums";
import { InkSchema, type Ink } from "../ink/types";

/** Query of the review queue: a status (or all), label/writer search, and a page. */
export const ReviewQuerySchema = z.strictObject({
  status: z.union([SampleStatusSchema, z.literal("all")]).default("pending"),
  q: z.string().trim().max(200).default(""),
  writer: z.string().trim().max(200).default(""),
  take: z.coerce.number().int().min(1).max(100).default(24),
  /** Id of the last sample of the previous page. */
  after: z.string().max(100).optional(),
});
export type ReviewQuery = z.infer<typeof ReviewQuerySchema>;

export interface ReviewItem {
  id: string;
  label: string;
  writerId: string;
  source: string;
  status: string;
  createdAt: string;
  /** null when the stored ink is unreadable (shown as such, never crashes the page). */
  ink: Ink | null;
}

/** One page of samples, oldest first (a queue), with their parsed ink. */
export async function reviewPage(db: Pick<PrismaClient, "sample">, query: ReviewQuery): Promise<{ items: ReviewItem[]; total: number; next: string | null }> {
  const where = {
    ...(query.status === "all" ? {} : { status: query.status }),
    ...(query.q ? { label: { contains: query.q } } : {}),
    ...(query.writer ? { writerId: { contains: query.writer } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.sample.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: query.take + 1,
      ...(query.after ? { cursor: { id: query.after }, skip: 1 } : {}),
    }),
    db.sample.count({ where }),
  ]);
  const page = rows.slice(0, query.take);
  return {
    items: page.map((r) => {
      let ink: Ink | null = null;
      try {
        const parsed = InkSchema.safeParse(JSON.parse(r.ink));
        if (parsed.success) ink = parsed.data;
      } catch {
        ink = null;
      }
      return { id: r.id, label: r.label, writerId: r.writerId, source: r.source, status: r.status, createdAt: r.createdAt.toISOString(), ink };
    }),
    total,
    next: rows.length > query.take ? page[page.length - 1].id : null,
  };
}

/** A review decision for one or many samples: a status, or (for one sample) a corrected label. */
export const ReviewDecisionSchema = z
  .strictObject({
    ids: z.array(z.string().min(1).max(100)).min(1, "ids must name at least one sample").max(500, "at most 500 samples per decision"),
    status: SampleStatusSchema.optional(),
    label: z.string().optional(),
  })
  .refine((d) => d.status !== undefined || d.label !== undefined, { message: "give a status, a label, or both" })
  .refine((d) => d.label === undefined || d.ids.length === 1, { message: "a label can be set on one sample at a time", path: ["label"] });
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>;
