import type { Charset } from "../ctc/charset";
import type { PrismaClient } from "../db";
import { describeZodIssues } from "../ink/formats/format-error";
import { importedSampleId, importedWriterId } from "./imported-ids";
import type { ImportStatus } from "./import-limits";
import type { ImportRecord } from "./import-records";
import { createImportedSampleSchema } from "./sample-submission-schema";
import { storeSample } from "./store-sample";

/** A record that was not stored: its line in the file and why. */
export interface ImportRejection {
  readonly line: number;
  readonly reason: string;
}

/** What POST /api/admin/import answers with. */
export interface ImportSummary {
  /** Records stored by this import. */
  readonly stored: number;
  /** Records stored before, by an earlier import of the same file (same id, same content). */
  readonly alreadyStored: number;
  /** Bad records, in file order: the first MAX_REPORTED_REJECTIONS of them. */
  readonly rejected: readonly ImportRejection[];
  /** How many records were rejected in all. */
  readonly rejectedCount: number;
}

/** Bounds the answer (and the memory held for it) when a whole file is bad. */
export const MAX_REPORTED_REJECTIONS = 1_000;
const MAX_REASON_CHARS = 300;

export type ImportOutcome =
  | { readonly complete: true; readonly summary: ImportSummary }
  /** Reading the file failed part way (too large, or the client went away): `summary` is what was done before. */
  | { readonly complete: false; readonly summary: ImportSummary; readonly cause: unknown };

export interface ImportOptions {
  /** The status the new samples start in. */
  readonly status: ImportStatus;
  /** The active model's charset: labels are checked against it, as the sample API checks them. */
  readonly charset: Charset;
}

/**
 * Stores the records of an import file as "imported" samples, one at a time as they are read.
 * Each record is checked with the sample API's schema (createImportedSampleSchema: the ink limits,
 * the label rules and the charset) and stored with storeSample, one INSERT, so a record is stored
 * whole or not at all: an import that stops part way (the client cancels, the file is too large,
 * the database fails) leaves every record before it stored and none half stored, and importing
 * the file again stores the rest (ids are derived from the records, see imported-ids.ts).
 *
 * Errors from reading the records end the import with `complete: false`; database errors are
 * thrown, after the reading is stopped.
 */
export async function importSamples(
  db: Pick<PrismaClient, "sample">,
  records: AsyncIterable<ImportRecord>,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const schema = createImportedSampleSchema(options.charset);
  let stored = 0;
  let alreadyStored = 0;
  let rejectedCount = 0;
  const rejected: ImportRejection[] = [];
  const reject = (line: number, reason: string) => {
    rejectedCount++;
    if (rejected.length < MAX_REPORTED_REJECTIONS) rejected.push({ line, reason: reason.slice(0, MAX_REASON_CHARS) });
  };
  const summary = (): ImportSummary => ({ stored, alreadyStored, rejected, rejectedCount });

  const iterator = records[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<ImportRecord>;
      try {
        next = await iterator.next();
      } catch (cause) {
        return { complete: false, summary: summary(), cause };
      }
      if (next.done) return { complete: true, summary: summary() };
      const record = next.value;
      if (!record.ok) {
        reject(record.line, record.reason);
        continue;
      }
      const sample = schema.safeParse({
        id: importedSampleId(record.recordId, () => `${record.text}\n${JSON.stringify(record.ink)}`),
        ink: record.ink,
        text: record.text,
        writerId: importedWriterId(record.writer),
        source: "imported",
        consent: true,
      });
      if (!sample.success) {
        reject(record.line, describeZodIssues(sample.error.issues));
        continue;
      }
      const result = await storeSample(db, sample.data, options.status);
      if (result.outcome === "created") stored++;
      else if (result.outcome === "duplicate") alreadyStored++;
      else reject(record.line, `a different sample with id ${result.id} is stored already`);
    }
  } finally {
    // Stops the upload's stream when the loop ends early (a database error).
    await iterator.return?.();
  }
}
