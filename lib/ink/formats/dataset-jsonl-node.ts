/**
 * Node-only file access for the dataset JSONL (plain or gzip). Kept apart from the pure
 * parser so browser bundles never pull in node:fs or node:zlib.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { readDatasetJsonlLines } from "./dataset-jsonl-read";
import { writeDatasetJsonlLine } from "./dataset-jsonl-write";
import type { DatasetRecordResult } from "./dataset-jsonl-parse-line";
import type { InkSample } from "./ink-sample";

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Streams the text lines of a plain or gzip file (gzip is detected from the content, not the
 * name), for readers that look at a line before parsing it. Memory stays bounded by the longest line.
 */
export async function* readTextFileLines(path: string): AsyncGenerator<string> {
  const gzip = await isGzip(path); // also fails early, with ENOENT, for a missing file
  const raw = createReadStream(path);
  const text = gzip ? raw.pipe(createGunzip()) : raw;
  if (text !== raw) raw.on("error", (e) => text.destroy(e)); // pipe() does not forward errors
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  try {
    yield* lines;
  } finally {
    lines.close();
    raw.destroy();
  }
}

/** Streams the records of a `.jsonl` or `.jsonl.gz` file (see readTextFileLines). */
export async function* readDatasetJsonlFile(path: string): AsyncGenerator<DatasetRecordResult> {
  yield* readDatasetJsonlLines(readTextFileLines(path));
}

/** Writes samples as JSONL; gzip-compressed when the path ends in `.gz`. */
export async function writeDatasetJsonlFile(path: string, samples: Iterable<InkSample> | AsyncIterable<InkSample>): Promise<void> {
  async function* lines() {
    for await (const s of samples) yield writeDatasetJsonlLine(s) + "\n";
  }
  const source = Readable.from(lines());
  if (path.endsWith(".gz")) await pipeline(source, createGzip(), createWriteStream(path));
  else await pipeline(source, createWriteStream(path));
}
