import type { Sample } from "../db";
import { writeDatasetJsonlLine } from "../ink/formats/dataset-jsonl-write";
import { writeInkml } from "../ink/formats/inkml/write-inkml";
import { InkSchema, type Ink } from "../ink/types";
import { tarEnd, tarEntry } from "./tar-entry";
import { uniformChannels } from "./uniform-channels";

export const EXPORT_FORMATS = {
  jsonl: { contentType: "application/x-ndjson; charset=utf-8", filename: "inkwell-samples.jsonl" },
  inkml: { contentType: "application/x-tar", filename: "inkwell-samples-inkml.tar" },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

type StoredSample = Pick<Sample, "id" | "ink" | "label" | "writerId" | "source" | "createdAt">;

const encoder = new TextEncoder();

/** The stored ink, validated again on the way out; undefined (skipped and logged) if a row was corrupted. */
function storedInk(sample: StoredSample, onSkip: (id: string, why: string) => void): Ink | undefined {
  try {
    const parsed = InkSchema.safeParse(JSON.parse(sample.ink));
    if (parsed.success) return parsed.data as Ink;
    onSkip(sample.id, parsed.error.issues[0]?.message ?? "invalid ink");
  } catch (error) {
    onSkip(sample.id, error instanceof Error ? error.message : String(error));
  }
  return undefined;
}

/**
 * The samples as the dataset JSONL (one `{ id, text, writer, strokes }` line each, the schema of
 * /work/shared/data), as UTF-8 chunks.
 */
export async function* exportJsonl(samples: AsyncIterable<StoredSample>, onSkip: (id: string, why: string) => void = () => {}): AsyncGenerator<Uint8Array> {
  for await (const sample of samples) {
    const ink = storedInk(sample, onSkip);
    if (!ink) continue;
    yield encoder.encode(writeDatasetJsonlLine({ id: sample.id, text: sample.label, writer: sample.writerId, ink }) + "\n");
  }
}

/** Ids and writer ids are validated at submission; anything else (imports) is made path-safe. */
function pathSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64) || "_";
}

/**
 * The samples as a tar archive of W3C InkML files, `inkwell-inkml/<writer>/<id>.inkml`, each with
 * the label as its truth annotation; the folder keeps the writer (what writer-disjoint splits
 * need). Streamed: one sample in memory at a time, whatever the size of the export.
 */
export async function* exportInkmlTar(samples: AsyncIterable<StoredSample>, onSkip: (id: string, why: string) => void = () => {}): AsyncGenerator<Uint8Array> {
  for await (const sample of samples) {
    const ink = storedInk(sample, onSkip);
    if (!ink) continue;
    const file = `inkwell-inkml/${pathSafe(sample.writerId)}/${pathSafe(sample.id)}.inkml`;
    yield tarEntry(file, encoder.encode(writeInkml(uniformChannels(ink), { truth: sample.label })), sample.createdAt.getTime() / 1000);
  }
  yield tarEnd();
}

/** An async iterator of chunks as a web ReadableStream (what a Response body takes), pulled on demand. */
export function toReadableStream(chunks: AsyncIterator<Uint8Array>, onError: (error: unknown) => void): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return?.(undefined);
    },
  });
}
