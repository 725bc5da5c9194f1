import { z } from "zod";
import { SampleStatusSchema } from "../db-enums";
import { SUBMISSION_LIMITS } from "./sample-submission-schema";

/**
 * What POST /api/admin/import accepts, shared by the route and the dashboard's import panel
 * (safe for the browser: no Node, no Prisma).
 */

/** The file formats POST /api/admin/import reads. */
export const ImportFormatSchema = z.enum(["jsonl", "inkml", "iam"]);
export type ImportFormat = z.infer<typeof ImportFormatSchema>;

const MiB = 1024 * 1024;

/**
 * How large an upload may be, per format, stated in the dashboard and enforced by the route.
 * JSONL is read line by line, so its memory is one record (at most a sample API body); InkML is
 * one XML document parsed whole, so it gets a smaller limit.
 */
export const IMPORT_LIMITS = {
  jsonl: { maxBytes: 64 * MiB, maxLineBytes: SUBMISSION_LIMITS.maxBodyBytes },
  inkml: { maxBytes: 8 * MiB, maxLineBytes: 8 * MiB },
} as const;

/** The status imported samples start in: review them first, or take them as approved. */
export const ImportStatusSchema = SampleStatusSchema.extract(["pending", "approved"]);
export type ImportStatus = z.infer<typeof ImportStatusSchema>;

/**
 * Why format=iam is refused: IAM-OnDB stroke files (lib/ink/formats/iam) hold strokes only; the
 * transcriptions ship in separate files, so the samples would have no label.
 */
export const IAM_NOT_IMPORTABLE =
  "IAM-OnDB stroke files carry no transcription (it ships in separate files), so their inks would have no label. Convert them to dataset JSONL or InkML with the text, then import that.";
