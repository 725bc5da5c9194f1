import { z } from "zod";
import { parseDatasetJsonlLine } from "../ink/formats/dataset-jsonl-parse-line";
import { InkFormatError } from "../ink/formats/format-error";
import { readInkmlItems } from "../ink/formats/inkml/read-inkml-items";
import type { Ink } from "../ink/types";
import type { BodyLine } from "../http/read-body-lines";
import { SUBMISSION_LIMITS } from "./sample-submission-schema";

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

/**
 * Why format=iam is refused: IAM-OnDB stroke files (lib/ink/formats/iam) hold strokes only; the
 * transcriptions ship in separate files, so the samples would have no label.
 */
export const IAM_NOT_IMPORTABLE =
  "IAM-OnDB stroke files carry no transcription (it ships in separate files), so their inks would have no label. Convert them to dataset JSONL or InkML with the text, then import that.";

/** A record read from an import file, before it is checked as a sample; or where and why it is bad. */
export type ImportRecord =
  | { readonly ok: true; readonly line: number; readonly recordId: string | undefined; readonly text: string; readonly writer: string; readonly ink: Ink }
  | { readonly ok: false; readonly line: number; readonly reason: string };

/** InkML carries no writer; every ink of one file is taken as one writer's. */
export const INKML_WRITER = "inkml-import";

const lineProblem = (problem: "too_long" | "not_utf8", maxLineBytes: number) =>
  problem === "too_long" ? `the line is longer than ${maxLineBytes} bytes` : "the line is not valid UTF-8";

/**
 * The records of a dataset JSONL upload (lib/ink/formats' line parser), one per non-blank line,
 * as the lines arrive.
 */
export async function* jsonlImportRecords(lines: AsyncIterable<BodyLine>): AsyncGenerator<ImportRecord> {
  for await (const entry of lines) {
    if ("problem" in entry) {
      yield { ok: false, line: entry.line, reason: lineProblem(entry.problem, IMPORT_LIMITS.jsonl.maxLineBytes) };
      continue;
    }
    if (entry.text.trim() === "") continue;
    const parsed = parseDatasetJsonlLine(entry.text, entry.line);
    if (!parsed.ok) {
      yield { ok: false, line: parsed.line, reason: parsed.error };
      continue;
    }
    const { id, text, writer, ink } = parsed.sample;
    yield { ok: true, line: parsed.line, recordId: id, text, writer, ink };
  }
}

/**
 * The labelled inks of an InkML upload (readInkmlItems: each labelled traceGroup, or the whole
 * document), at the line where each starts. The document is parsed once it has all arrived; a
 * document that cannot be read at all is reported at the lines its problems are on.
 */
export async function* inkmlImportRecords(lines: AsyncIterable<BodyLine>): AsyncGenerator<ImportRecord> {
  const texts: string[] = [];
  for await (const entry of lines) {
    if ("problem" in entry) {
      yield { ok: false, line: entry.line, reason: `${lineProblem(entry.problem, IMPORT_LIMITS.inkml.maxLineBytes)}, so the document cannot be read` };
      return;
    }
    texts.push(entry.text);
  }
  let items;
  try {
    items = readInkmlItems(texts.join("\n"));
  } catch (error) {
    if (!(error instanceof InkFormatError)) throw error;
    for (const issue of error.issues) {
      yield { ok: false, line: issue.line, reason: issue.element ? `${issue.element}: ${issue.message}` : issue.message };
    }
    return;
  }
  for (const item of items) {
    if (!item.ok) yield { ok: false, line: item.line, reason: `${item.element}: ${item.error}` };
    else if (item.label === undefined) yield { ok: false, line: item.line, reason: 'no <annotation type="truth">: the ink has no label' };
    else yield { ok: true, line: item.line, recordId: undefined, text: item.label, writer: INKML_WRITER, ink: item.ink };
  }
}
