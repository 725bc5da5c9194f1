import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CompactSample } from "../training/dataset";
import { fixedSubset } from "../training/unipen";
import { type BaseData, type BaseDataLocations, loadBaseData, VALIDATION_SET } from "./base-data";

/**
 * Most base samples are never used by a fine-tune (it mixes in about as many as there are new
 * ones), yet parsing the 90k-sample UNIPEN files takes a minute or more. So the first run keeps a
 * fixed subset of the pool (POOL_CAP samples) plus the validation set in one binary file, and
 * later runs read that in well under a second. The key covers the source files' sizes and times
 * and the validation constants, so a changed dataset is reloaded, never served stale.
 */
export const POOL_CAP = 20_000;
const FORMAT = 1;

function cacheKey(choice: string, where: BaseDataLocations): string {
  const files = [where.fixturesFile, path.join(where.unipenDir, "unipen-words.jsonl.gz"), path.join(where.unipenDir, "unipen-text.jsonl.gz")].map((f) => {
    try {
      const s = statSync(f);
      return [f, s.size, s.mtimeMs];
    } catch {
      return [f, null];
    }
  });
  return createHash("sha256").update(JSON.stringify({ FORMAT, choice, files, VALIDATION_SET, POOL_CAP })).digest("hex").slice(0, 16);
}

type Group = "pool" | "valWords" | "valLines";

function write(file: string, data: BaseData): void {
  const groups: Record<Group, CompactSample[]> = { pool: data.pool, valWords: data.valWords, valLines: data.valLines };
  const index = (Object.keys(groups) as Group[]).flatMap((g) => groups[g].map((s) => [g, s.id, s.text, s.writer, s.coords.length, s.strokeStarts.length]));
  const header = Buffer.from(JSON.stringify({ format: FORMAT, source: data.source, note: data.note, validationSetId: data.validationSetId, index }));
  const headerLength = Math.ceil((header.length + 4) / 4) * 4 - 4;
  const parts: Buffer[] = [Buffer.alloc(4), Buffer.alloc(headerLength)];
  parts[0].writeUInt32LE(headerLength);
  header.copy(parts[1]);
  for (const g of Object.keys(groups) as Group[])
    for (const s of groups[g]) {
      parts.push(Buffer.from(s.coords.buffer, s.coords.byteOffset, s.coords.byteLength));
      parts.push(Buffer.from(s.strokeStarts.buffer, s.strokeStarts.byteOffset, s.strokeStarts.byteLength));
    }
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, Buffer.concat(parts));
  renameSync(tmp, file);
}

function read(file: string): BaseData {
  const buf = readFileSync(file);
  const bytes = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const headerLength = new DataView(bytes).getUint32(0, true);
  const header = JSON.parse(Buffer.from(bytes, 4, headerLength).toString("utf8").replace(/\0+$/, "")) as {
    format: number;
    source: BaseData["source"];
    note: string;
    validationSetId: string;
    index: [Group, string, string, string, number, number][];
  };
  if (header.format !== FORMAT) throw new Error(`base data cache ${file} has format ${header.format}, expected ${FORMAT}`);
  const out: BaseData = { source: header.source, note: header.note, validationSetId: header.validationSetId, pool: [], valWords: [], valLines: [] };
  let offset = 4 + headerLength;
  for (const [group, id, text, writer, nCoords, nStrokes] of header.index) {
    const coords = new Float32Array(bytes, offset, nCoords);
    offset += 4 * nCoords;
    const strokeStarts = new Uint32Array(bytes, offset, nStrokes);
    offset += 4 * nStrokes;
    out[group].push({ id, text, writer, coords, strokeStarts });
  }
  if (offset !== bytes.byteLength) throw new Error(`base data cache ${file} is truncated or padded (${offset} of ${bytes.byteLength} bytes read)`);
  return out;
}

/** loadBaseData() with the pool capped at POOL_CAP (a fixed subset) and cached under `cacheDir`. */
export async function loadBaseDataCached(choice: "auto" | "fixtures", where: BaseDataLocations, cacheDir: string, log: (line: string) => void = () => {}): Promise<BaseData> {
  const file = path.join(cacheDir, `base-${cacheKey(choice, where)}.bin`);
  if (existsSync(file)) {
    try {
      const t0 = Date.now();
      const data = read(file);
      log(`base data from cache ${path.basename(file)} (${data.pool.length} pool + ${data.valWords.length + data.valLines.length} validation samples) in ${Date.now() - t0} ms`);
      return data;
    } catch (error) {
      log(`base data cache unreadable, reloading: ${(error as Error).message}`);
    }
  }
  const loaded = await loadBaseData(choice, where, log);
  const data = { ...loaded, pool: fixedSubset(loaded.pool, POOL_CAP, 13) };
  try {
    mkdirSync(cacheDir, { recursive: true });
    write(file, data);
  } catch (error) {
    log(`could not write the base data cache: ${(error as Error).message}`);
  }
  return data;
}
