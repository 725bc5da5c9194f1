import { z } from "zod";
import type { Charset } from "../ctc/charset";
import type { PrismaClient } from "../db";
import { apiError, noStoreJson, validationFailed } from "../http/api-error";
import { BodyTooLargeError, readBodyLines } from "../http/read-body-lines";
import { IAM_NOT_IMPORTABLE, IMPORT_LIMITS, ImportFormatSchema, ImportStatusSchema } from "./import-limits";
import { inkmlImportRecords, jsonlImportRecords } from "./import-records";
import { importSamples, type ImportSummary } from "./import-samples";

/** The query of POST /api/admin/import. */
export const ImportQuerySchema = z.object({
  format: ImportFormatSchema,
  status: ImportStatusSchema.default("pending"),
});

export interface ImportRequestDeps {
  readonly db: Pick<PrismaClient, "sample">;
  readonly charset: () => Promise<Charset>;
  /** IMPORT_LIMITS unless a test needs a limit it can reach. */
  readonly limits?: Record<"jsonl" | "inkml", { readonly maxBytes: number; readonly maxLineBytes: number }>;
}

const mib = (bytes: number) => `${bytes / (1024 * 1024)} MiB`;

/**
 * POST /api/admin/import?format=jsonl|inkml|iam&status=pending|approved, the file as the raw body
 * (call it after the admin gate). 200 { stored, alreadyStored, rejected: [{ line, reason }],
 * rejectedCount }; 413 over the format's limit (from Content-Length before anything is stored;
 * a body that grows past it while streaming stops there, with what was stored before it in the
 * body); 400 no body, or the upload broke off (same); 415 a compressed body; 422 a bad query, or
 * format=iam (IAM_NOT_IMPORTABLE).
 */
export async function handleImportRequest(request: Request, deps: ImportRequestDeps): Promise<Response> {
  const query = ImportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return validationFailed(query.error, { root: "query" });
  const { format, status } = query.data;
  if (format === "iam") return apiError(422, { error: "invalid_request", message: IAM_NOT_IMPORTABLE });
  const limits = (deps.limits ?? IMPORT_LIMITS)[format];

  const encoding = (request.headers.get("content-encoding") ?? "").trim().toLowerCase();
  if (encoding !== "" && encoding !== "identity") {
    return apiError(415, { error: "unsupported_media_type", message: `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not supported; send the file uncompressed.` });
  }
  const tooLarge = `The file is larger than ${mib(limits.maxBytes)}, the limit for ${format} imports; split it.`;
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d+$/.test(declared.trim())) return apiError(400, { error: "invalid_request", message: "Content-Length is not a number." });
    if (Number(declared) > limits.maxBytes) return apiError(413, { error: "body_too_large", message: tooLarge });
  }
  if (!request.body) return apiError(400, { error: "invalid_request", message: "Send the file as the request body." });

  const charset = await deps.charset();
  const lines = readBodyLines(request.body, limits);
  const records = format === "jsonl" ? jsonlImportRecords(lines) : inkmlImportRecords(lines);
  const outcome = await importSamples(deps.db, records, { status, charset });
  if (outcome.complete) return noStoreJson(outcome.summary satisfies ImportSummary);
  const done = `${outcome.summary.stored} records were stored before that, each whole; import the file again to finish (stored records are recognised).`;
  if (outcome.cause instanceof BodyTooLargeError) return noStoreJson({ error: "body_too_large", message: `${tooLarge} ${done}`, ...outcome.summary }, 413);
  return noStoreJson({ error: "invalid_request", message: `The upload broke off. ${done}`, ...outcome.summary }, 400);
}
