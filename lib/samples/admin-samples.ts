import { z } from "zod";
import type { PrismaClient } from "../db";
import { SampleStatusSchema } from "../db-enums";
import { apiError } from "../http/api-error";
import type { Ink } from "../ink/types";
import { EXPORT_FORMATS, exportInkmlTar, exportJsonl, toReadableStream, type ExportFormat } from "./export-samples";
import { parseStoredInk, type ReviewListingItem } from "./review-listing";
import { approvedSamples } from "./sample-queries";

/** Admin-only sample reads and writes; call them only after the admin gate (lib/http withAdmin). */

/** The body of PATCH /api/admin/samples/:id. */
export const SetStatusBodySchema = z.strictObject({ status: SampleStatusSchema });

/** What GET /api/admin/samples/:id answers with: the sample and its full ink (null when unreadable). */
export type SampleWithInk = Omit<ReviewListingItem, "preview"> & { ink: Ink | null };

/** One sample with its full ink (the review queue lists previews only), or null when there is none. */
export async function sampleWithInk(db: Pick<PrismaClient, "sample">, id: string): Promise<SampleWithInk | null> {
  const r = await db.sample.findUnique({ where: { id } });
  if (!r) return null;
  return { id: r.id, label: r.label, writerId: r.writerId, source: r.source, status: r.status, createdAt: r.createdAt.toISOString(), pointCount: r.pointCount, ink: parseStoredInk(r.ink) };
}

export const ExportFormatSchema = z.enum(Object.keys(EXPORT_FORMATS) as [ExportFormat, ...ExportFormat[]]);

/**
 * GET /api/samples/export?format=jsonl|inkml: the approved, consented samples, streamed from the
 * database page by page. 400 for another format.
 */
export function exportApproved(request: Request, db: Pick<PrismaClient, "sample">): Response {
  const format = ExportFormatSchema.safeParse(new URL(request.url).searchParams.get("format") ?? "jsonl");
  if (!format.success) return apiError(400, { error: "invalid_request", message: "format must be jsonl or inkml." });
  const { contentType, filename } = EXPORT_FORMATS[format.data];
  const onSkip = (id: string, why: string) => console.error(`export: skipped sample ${id}: ${why}`);
  const chunks = format.data === "jsonl" ? exportJsonl(approvedSamples(db), onSkip) : exportInkmlTar(approvedSamples(db), onSkip);
  const stream = toReadableStream(chunks, (error) => console.error("export: stream failed", error));
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
