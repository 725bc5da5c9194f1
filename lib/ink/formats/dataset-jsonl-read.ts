import { parseDatasetJsonlLine, type DatasetRecordResult } from "./dataset-jsonl-parse-line";

/**
 * Reads dataset JSONL from text lines, in order, one result per record. Blank lines are not
 * records and are skipped; line numbers still count them so they match the file.
 */
export async function* readDatasetJsonlLines(
  lines: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<DatasetRecordResult> {
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    yield parseDatasetJsonlLine(text, line);
  }
}

/** Reads a whole JSONL document held in memory. */
export function readDatasetJsonl(text: string): DatasetRecordResult[] {
  const results: DatasetRecordResult[] = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    if (lineText.trim() !== "") results.push(parseDatasetJsonlLine(lineText, i + 1));
  });
  return results;
}
