import { z } from "zod";
import type { PrismaClient } from "../db";
import { SampleStatusSchema } from "../db-enums";
import { apiError } from "./api-error";
import { EXPORT_FORMATS, exportInkmlTar, exportJsonl, toReadableStream, type ExportFormat } from "./export-samples";
import { readJsonBody } from "./read-json-body";
import { parseStoredInk } from "./review-listing";
import { approvedSamples, setSampleStatus } from "./sample-queries";
import { validationIssues } from "./validation-issues";

/** Call these only after requireAdmin let the request through. */

export const SetStatusBodySchema = z.strictObject({ status: SampleStatusSchema });

/** PATCH /api/admin/samples/:id with { status }: 200 { id, status }, 404, 400/413/415/422, 503. */
export async function setStatus(request: Request, id: string, db: Pick<PrismaClient, "sample">): Promise<Response> {
  const body = await readJsonBody(request, 4096);
  if (!body.ok) return apiError(body.status, body.body);
  const parsed = SetStatusBodySchema.safeParse(body.value);
  if (!parsed.success) return apiError(422, { error: "invalid_request", message: "Send { \"status\": \"pending\" | \"approved\" | \"rejected\" }.", issues: validationIssues(parsed.error) });
  try {
    const sample = await setSampleStatus(db, id, parsed.data.status);
    if (!sample) return apiError(404, { error: "not_found", message: `No sample ${id.slice(0, 100)}.` });
    return Response.json({ id: sample.id, status: sample.status }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("samples: setting a status failed", error);
    return apiError(503, { error: "unavailable", message: "The status could not be changed right now." });
  }
}

/**
 * GET /api/admin/samples/:id: one sample with its full ink (the review queue lists previews
 * only): 200 { id, label, writerId, source, status, createdAt, pointCount, ink | null }, 404, 503.
 */
export async function getSample(id: string, db: Pick<PrismaClient, "sample">): Promise<Response> {
  try {
    const r = await db.sample.findUnique({ where: { id } });
    if (!r) return apiError(404, { error: "not_found", message: `No sample ${id.slice(0, 100)}.` });
    return Response.json(
      { id: r.id, label: r.label, writerId: r.writerId, source: r.source, status: r.status, createdAt: r.createdAt.toISOString(), pointCount: r.pointCount, ink: parseStoredInk(r.ink) },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    console.error("samples: reading a sample failed", error);
    return apiError(503, { error: "unavailable", message: "The sample cannot be read right now." });
  }
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
