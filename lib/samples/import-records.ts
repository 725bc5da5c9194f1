import { parseDatasetJsonlLine } from "../ink/formats/dataset-jsonl-parse-line";
import { InkFormatError } from "../ink/formats/format-error";
import { readInkmlItems } from "../ink/formats/inkml/read-inkml-items";
import type { Ink } from "../ink/types";
import type { BodyLine } from "../http/read-body-lines";
import { IMPORT_LIMITS } from "./import-limits";

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
