import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHARSET } from "../model/charset";
import { readFixtureText } from "../ink/fixtures";
import { readBodyLines } from "../http/read-body-lines";
import { importedSampleId, importedWriterId } from "./imported-ids";
import { IMPORT_LIMITS } from "./import-limits";
import { INKML_WRITER, inkmlImportRecords, jsonlImportRecords, type ImportRecord } from "./import-records";
import { importSamples, MAX_REPORTED_REJECTIONS } from "./import-samples";
import { exportInkmlTar, exportJsonl } from "./export-samples";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";

/** Dataset imports on a real database (SQLite here, PostgreSQL in CI's second run). */
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase("import_samples");
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

const options = { status: "approved" as const, charset: DEFAULT_CHARSET };
const fixtureLines = readFixtureText("unipen-fixtures.jsonl").trim().split("\n");

function bodyOf(text: string, chunkBytes = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  });
}

const importJsonl = (text: string) => importSamples(database.client, jsonlImportRecords(readBodyLines(bodyOf(text), IMPORT_LIMITS.jsonl)), options);

describe("importedSampleId and importedWriterId", () => {
  it("keeps a UUID record id (in lower case) and names any other id into a stable version-5 UUID", () => {
    const uuid = randomUUID();
    expect(importedSampleId(uuid.toUpperCase(), () => "unused")).toBe(uuid);
    const named = importedSampleId("unipen7/anj/g9313/151", () => "unused");
    expect(named).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(importedSampleId("unipen7/anj/g9313/151", () => "unused")).toBe(named);
    expect(importedSampleId("unipen7/anj/g9313/152", () => "unused")).not.toBe(named);
    expect(importedSampleId(undefined, () => "it")).toBe(importedSampleId(undefined, () => "it"));
    expect(importedSampleId(undefined, () => "it")).not.toBe(importedSampleId(undefined, () => "is"));
  });

  it("keeps a writer id the sample API accepts and maps a dataset name to a valid id that no other name shares", () => {
    expect(importedWriterId("writer_0001")).toBe("writer_0001");
    expect(importedWriterId("anj/g9313")).toMatch(/^anj_g9313-[0-9a-f]{12}$/);
    expect(importedWriterId("a/b")).not.toBe(importedWriterId("a_b"));
    expect(importedWriterId("")).toMatch(/^-[0-9a-f]{12}$/);
    expect(importedWriterId("x".repeat(100)).length).toBeLessThanOrEqual(64);
  });
});

describe("importSamples (dataset JSONL)", () => {
  const uuid = randomUUID();
  const withUuid = JSON.stringify({ ...JSON.parse(fixtureLines[2]), id: uuid });
  const outOfCharset = JSON.stringify({ ...JSON.parse(fixtureLines[3]), text: "naïve" });
  const file = [fixtureLines[0], "", "{not json", fixtureLines[1], outOfCharset, withUuid, ""].join("\n");

  it("stores the good records as imported samples with the chosen status and reports each bad one by line", async () => {
    const outcome = await importJsonl(file);
    expect(outcome.complete).toBe(true);
    expect(outcome.summary).toMatchObject({ stored: 3, alreadyStored: 0, rejectedCount: 2 });
    expect(outcome.summary.rejected.map((r) => r.line)).toEqual([3, 5]);
    expect(outcome.summary.rejected[0].reason).toMatch(/^invalid JSON/);
    expect(outcome.summary.rejected[1].reason).toMatch(/text has characters the model cannot write: "ï"/);

    const first = JSON.parse(fixtureLines[0]);
    const row = await database.client.sample.findUniqueOrThrow({ where: { id: importedSampleId(first.id, () => "") } });
    expect(row).toMatchObject({ label: first.text, writerId: importedWriterId(first.writer), source: "imported", status: "approved", consent: true });
    expect(JSON.parse(row.ink).strokes).toHaveLength(first.strokes.length);
    expect(await database.client.sample.findUnique({ where: { id: uuid } })).toMatchObject({ source: "imported" });
  });

  it("recognises the records of a second import of the same file instead of storing them again", async () => {
    const before = await database.client.sample.count();
    const outcome = await importJsonl(file);
    expect(outcome.summary).toMatchObject({ stored: 0, alreadyStored: 3, rejectedCount: 2 });
    expect(await database.client.sample.count()).toBe(before);
  });

  it("rejects a record whose id is stored with other content, and stores the rest", async () => {
    const changed = JSON.stringify({ ...JSON.parse(fixtureLines[0]), text: "changed" });
    const outcome = await importJsonl([changed, fixtureLines[4]].join("\n"));
    expect(outcome.summary.stored).toBe(1);
    expect(outcome.summary.rejected).toEqual([{ line: 1, reason: expect.stringMatching(/a different sample with id .* is stored already/) }]);
  });

  it("rejects lines over the line limit and inks over the sample limits", async () => {
    const record = JSON.parse(fixtureLines[5]);
    const tooManyStrokes = JSON.stringify({ ...record, strokes: Array.from({ length: 1_001 }, () => [[0, 0]]) });
    const huge = JSON.stringify({ ...record, text: "x".repeat(IMPORT_LIMITS.jsonl.maxLineBytes) });
    const outcome = await importJsonl([tooManyStrokes, huge].join("\n"));
    expect(outcome.summary.stored).toBe(0);
    expect(outcome.summary.rejected).toEqual([
      { line: 1, reason: expect.stringMatching(/more than 1,000 strokes/) },
      { line: 2, reason: `the line is longer than ${IMPORT_LIMITS.jsonl.maxLineBytes} bytes` },
    ]);
  });

  it("keeps every record stored before the file stops being readable, whole, and says the import is incomplete", async () => {
    async function* brokenOff(): AsyncGenerator<ImportRecord> {
      for await (const record of jsonlImportRecords(readBodyLines(bodyOf(fixtureLines.slice(6, 8).join("\n")), IMPORT_LIMITS.jsonl))) yield record;
      throw new Error("the client went away");
    }
    const outcome = await importSamples(database.client, brokenOff(), { ...options, status: "pending" });
    expect(outcome).toMatchObject({ complete: false, summary: { stored: 2 }, cause: new Error("the client went away") });
    for (const line of fixtureLines.slice(6, 8)) {
      const id = importedSampleId(JSON.parse(line).id, () => "");
      expect(await database.client.sample.findUnique({ where: { id }, select: { status: true } })).toEqual({ status: "pending" });
    }
  });

  it(`reports the first ${MAX_REPORTED_REJECTIONS} bad records and counts them all`, async () => {
    const outcome = await importJsonl(Array.from({ length: MAX_REPORTED_REJECTIONS + 5 }, () => "[]").join("\n"));
    expect(outcome.summary.rejected).toHaveLength(MAX_REPORTED_REJECTIONS);
    expect(outcome.summary.rejectedCount).toBe(MAX_REPORTED_REJECTIONS + 5);
  });
});

describe("importSamples (InkML)", () => {
  const importInkml = (text: string) => importSamples(database.client, inkmlImportRecords(readBodyLines(bodyOf(text, 64), IMPORT_LIMITS.inkml)), options);

  it("stores each labelled trace group as a sample of the file's writer, and recognises them on a second import", async () => {
    const document = readFixtureText("sample.inkml");
    const outcome = await importInkml(document);
    expect(outcome.summary).toMatchObject({ stored: 2, rejectedCount: 0 });
    const rows = await database.client.sample.findMany({ where: { writerId: INKML_WRITER }, orderBy: { label: "asc" } });
    expect(rows.map((r) => [r.label, r.pointCount])).toEqual([["i", 4], ["t", 5]]);
    expect((await importInkml(document)).summary).toMatchObject({ stored: 0, alreadyStored: 2 });
  });

  it("reports an unlabelled ink and an unreadable document at their lines", async () => {
    const unlabelled = `<ink xmlns="http://www.w3.org/2003/InkML">\n<trace>1 2, 3 4</trace>\n</ink>`;
    expect((await importInkml(unlabelled)).summary.rejected).toEqual([{ line: 1, reason: 'no <annotation type="truth">: the ink has no label' }]);
    const broken = `<ink>\n<trace>1 2</trace>\n<trace>`;
    const outcome = await importInkml(broken);
    expect(outcome.summary.stored).toBe(0);
    expect(outcome.summary.rejected).toEqual([{ line: 3, reason: expect.stringMatching(/never closed/) }]);
  });
});

describe("multi-line samples round-trip through export and import", () => {
  const stacked = readFixtureText("unipen-stacked-fixtures.jsonl").trim().split("\n");
  const collect = async (chunks: AsyncIterable<Uint8Array>) => {
    const parts: Uint8Array[] = [];
    for await (const c of chunks) parts.push(c);
    return Buffer.concat(parts);
  };
  /** The files of a ustar archive (what exportInkmlTar writes): name → text. */
  const untar = (tar: Buffer) => {
    const files = new Map<string, string>();
    for (let at = 0; at + 512 <= tar.length && tar[at] !== 0; ) {
      const name = tar.subarray(at, at + 100).toString("utf8").replace(/\0.*$/s, "");
      const size = parseInt(tar.subarray(at + 124, at + 136).toString("ascii").replace(/\0.*$/s, "").trim(), 8);
      files.set(name, tar.subarray(at + 512, at + 512 + size).toString("utf8"));
      at += 512 + Math.ceil(size / 512) * 512;
    }
    return files;
  };
  const pointsOf = (ink: string) => (JSON.parse(ink) as { strokes: { points: { x: number; y: number }[] }[] }).strokes.map((s) => s.points.map((p) => [p.x, p.y]));

  it("keeps the \\n-joined label and the ink through JSONL and InkML", async () => {
    const outcome = await importJsonl(stacked.join("\n"));
    expect(outcome.summary).toMatchObject({ stored: 2, rejectedCount: 0 });
    const ids = stacked.map((line) => importedSampleId(JSON.parse(line).id, () => ""));
    const rows = await database.client.sample.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.label).sort()).toEqual(["Dorothy\nEmma\nGreg\nHelen", "Lorenzo\nLarry\nMarie\nNathan"]);
    async function* stored() {
      yield* rows;
    }

    // JSONL: the exported lines are the same records (labels with "\n"), and importing them again finds them stored.
    const jsonl = (await collect(exportJsonl(stored()))).toString("utf8");
    const exported = jsonl.trim().split("\n").map((l) => JSON.parse(l) as { id: string; text: string; strokes: number[][][] });
    for (const [k, row] of rows.entries()) {
      expect(exported[k]).toMatchObject({ id: row.id, text: row.label });
      expect(exported[k].strokes).toEqual(pointsOf(row.ink));
    }
    expect((await importJsonl(jsonl)).summary).toMatchObject({ stored: 0, alreadyStored: 2, rejectedCount: 0 });

    // InkML: each exported file imports as a sample with the same label and the same points.
    const files = untar(await collect(exportInkmlTar(stored())));
    expect(files.size).toBe(2);
    for (const row of rows) {
      const [, document] = [...files].find(([name]) => name.endsWith(`/${row.id}.inkml`))!;
      const imported = await importSamples(database.client, inkmlImportRecords(readBodyLines(bodyOf(document, 64), IMPORT_LIMITS.inkml)), options);
      expect(imported.summary).toMatchObject({ stored: 1, rejectedCount: 0 });
      const back = await database.client.sample.findFirstOrThrow({ where: { writerId: INKML_WRITER, label: row.label } });
      expect(pointsOf(back.ink)).toEqual(pointsOf(row.ink));
    }
  });
});
