import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { INK_VERSION } from "../types";
import { loadFixtureInks, loadStackedFixtureInks, UNIPEN_FIXTURES_PATH, UNIPEN_STACKED_FIXTURES_PATH } from "../fixtures";
import { readDatasetJsonl, readDatasetJsonlLines } from "./dataset-jsonl-read";
import { writeDatasetJsonl, writeDatasetJsonlLine } from "./dataset-jsonl-write";
import { readDatasetJsonlFile, writeDatasetJsonlFile } from "./dataset-jsonl-node";
import type { DatasetRecordResult } from "./dataset-jsonl-parse-line";

const dir = mkdtempSync(join(tmpdir(), "inkwell-jsonl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(it: AsyncIterable<DatasetRecordResult>): Promise<DatasetRecordResult[]> {
  const out: DatasetRecordResult[] = [];
  for await (const r of it) out.push(r);
  return out;
}

const GOOD = `{"id":"a","text":"hi","writer":"w","strokes":[[[0,0],[1,2]],[[3,4]]]}`;

describe("dataset JSONL", () => {
  it("reads every fixture line and writes it back byte for byte", () => {
    const text = readFileSync(UNIPEN_FIXTURES_PATH, "utf8");
    const samples = loadFixtureInks();
    expect(samples).toHaveLength(text.trim().split("\n").length);
    expect(writeDatasetJsonl(samples)).toBe(text);
    const timed = samples.filter((s) => s.id.startsWith("unipen7/anj/"));
    expect(timed.length).toBe(6);
    expect(timed.every((s) => s.ink.strokes.every((st) => st.points.every((p) => Number.isInteger(p.t))))).toBe(true);
  });

  it("carries multi-line samples: the label's newlines are escaped on one JSONL line and read back", () => {
    const text = readFileSync(UNIPEN_STACKED_FIXTURES_PATH, "utf8");
    const stacked = loadStackedFixtureInks();
    expect(stacked.map((s) => s.text)).toEqual(["Dorothy\nEmma\nGreg\nHelen", "Lorenzo\nLarry\nMarie\nNathan"]);
    expect(text.trim().split("\n")).toHaveLength(2);
    expect(writeDatasetJsonl(stacked)).toBe(text);
    const sample = { id: "page", text: "first line\r\nsecond\n\nlast", writer: "w", ink: stacked[0].ink };
    const [r] = readDatasetJsonl(writeDatasetJsonlLine(sample));
    expect(r).toEqual({ ok: true, line: 1, sample });
  });

  it("maps [x, y, null] to a point without t and writes it back as null", () => {
    const line = `{"id":"a","text":"x","writer":"w","strokes":[[[0,0,0],[1,1,null]]]}`;
    const [r] = readDatasetJsonl(line);
    expect(r).toEqual({
      ok: true,
      line: 1,
      sample: { id: "a", text: "x", writer: "w", ink: { version: INK_VERSION, strokes: [{ points: [{ x: 0, y: 0, t: 0 }, { x: 1, y: 1 }] }] } },
    });
    expect(writeDatasetJsonlLine(r.ok ? r.sample : undefined!)).toBe(line);
  });

  it("reports each bad record with its line number and reason, and keeps going", () => {
    const text = [
      GOOD,
      "",
      `{"id":"b","text":"x","writer":"w","strokes":[[[0,0],[1]]]}`,
      `{"id":"c","text":"x","writer":"w","strokes":[[]]}`,
      `not json`,
      `{"id":"d","text":"x","strokes":[]}`,
      `{"id":"e","text":"x","writer":"w","strokes":[[[1e9,0]]]}`,
      `{"id":"f","text":"x","writer":"w","strokes":[[["1",0]]]}`,
      GOOD.replace('"a"', '"g"'),
    ].join("\n");
    const results = readDatasetJsonl(text);
    expect(results.map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [3, false],
      [4, false],
      [5, false],
      [6, false],
      [7, false],
      [8, false],
      [9, true],
    ]);
    const errors = results.flatMap((r) => (r.ok ? [] : [`${r.id ?? "?"} ${r.error}`]));
    expect(errors[0]).toMatch(/^b strokes\.0\.1/);
    expect(errors[1]).toMatch(/^c ink: strokes\.0\.points: a stroke needs at least one point/);
    expect(errors[2]).toMatch(/^\? invalid JSON/);
    expect(errors[3]).toMatch(/^d writer/);
    expect(errors[4]).toMatch(/^e ink: .*coordinate out of range/);
    expect(errors[5]).toMatch(/^f strokes\.0\.0/);
  });

  it("rejects non-finite numbers that JSON cannot even carry", () => {
    const [r] = readDatasetJsonl(`{"id":"a","text":"x","writer":"w","strokes":[[[1e999,0]]]}`);
    expect(r.ok).toBe(false);
  });

  it("streams lines from any (async) iterable with file line numbers", async () => {
    async function* lines() {
      yield GOOD;
      yield "   ";
      yield "{";
    }
    expect((await collect(readDatasetJsonlLines(lines()))).map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [3, false],
    ]);
  });

  it("reads and writes plain and gzip files, detecting gzip by content", async () => {
    const samples = loadFixtureInks().slice(0, 5);
    const gz = join(dir, "s.jsonl.gz");
    await writeDatasetJsonlFile(gz, samples);
    expect(gunzipSync(readFileSync(gz)).toString("utf8")).toBe(writeDatasetJsonl(samples));
    const back = await collect(readDatasetJsonlFile(gz));
    expect(back.map((r) => r.ok && r.sample)).toEqual(samples);

    const disguised = join(dir, "gzip-without-suffix.jsonl");
    writeFileSync(disguised, gzipSync(`${GOOD}\nbroken\n`));
    expect((await collect(readDatasetJsonlFile(disguised))).map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [2, false],
    ]);

    const plain = join(dir, "p.jsonl");
    await writeDatasetJsonlFile(plain, samples);
    expect(readFileSync(plain, "utf8")).toBe(writeDatasetJsonl(samples));
    expect((await collect(readDatasetJsonlFile(plain))).length).toBe(5);
  });

  it("fails clearly on a missing file and on corrupt gzip", async () => {
    await expect(collect(readDatasetJsonlFile(join(dir, "missing.jsonl")))).rejects.toThrow(/ENOENT/);
    const corrupt = join(dir, "corrupt.jsonl.gz");
    writeFileSync(corrupt, Buffer.concat([gzipSync(GOOD).subarray(0, 12), Buffer.from("garbage")]));
    await expect(collect(readDatasetJsonlFile(corrupt))).rejects.toThrow();
  });
});
