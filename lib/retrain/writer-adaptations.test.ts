import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adaptToWriter } from "../adapt/adapt-to-writer";
import { type AdaptationRecord, adaptationFromJson, adaptationToJson, applyAdaptation } from "../adapt/adaptation-record";
import { loadFixtureInks, loadStackedFixtureInks } from "../ink/fixtures";
import { defaultModelConfig } from "../model/config";
import { randomNetwork } from "@/test-support/networks";
import { deriveWriterAdaptations, writersToAdapt } from "./derive-writer-adaptations";
import { adaptWriterOnThread } from "./adapt-writer-thread";
import { handleForgetWriterAdaptations, handleWriterAdaptation } from "./writer-adaptation-handlers";
import { deleteWriterAdaptations, loadWriterAdaptation, saveWriterAdaptation, writersWithAdaptations } from "./writer-adaptation-store";

const config = defaultModelConfig({ layers: 1, units: 8, dropout: 0 });
const fixtures = loadFixtureInks();
const site = { origins: ["http://localhost:3000"], trustProxy: 0 };

let params: Float32Array;
let record: AdaptationRecord;

beforeAll(async () => {
  params = (await randomNetwork(config, { weights: 1, biases: 2 })).params().slice();
  const made = await adaptToWriter({ version: "v7", config, params }, fixtures.slice(0, 6), { epochs: 1, minSteps: 0, minSamples: 4 });
  record = { ...made.record, origin: "server", vocabulary: [] };
}, 60_000);

describe("adaptation records as JSON", () => {
  it("round-trip exactly, values included", () => {
    const back = adaptationFromJson(JSON.parse(JSON.stringify(adaptationToJson(record))));
    expect(back).toEqual(record);
    expect([...back.values]).toEqual([...record.values]);
    expect(applyAdaptation(config, "v7", params, back)).toEqual(applyAdaptation(config, "v7", params, record));
  });

  it("refuse what is not one, with the reason", () => {
    expect(() => adaptationFromJson(null)).toThrow(/values: expected base64 text/);
    expect(() => adaptationFromJson({ ...adaptationToJson(record), values: "not base64!" })).toThrow(/values: not base64/);
    expect(() => adaptationFromJson({ ...adaptationToJson(record), base: { version: "v7", fingerprint: "xyz" } })).toThrow(/base\.fingerprint/);
    expect(() => adaptationFromJson({ ...adaptationToJson(record), origin: "cloud" })).toThrow(/origin/);
  });
});

describe("the server's store of derived adaptations", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-adaptations-"));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("keeps one record per writer and version, and forgets a writer across versions", () => {
    saveWriterAdaptation(dataDir, "v7", "writer-aaaa", record);
    saveWriterAdaptation(dataDir, "v8", "writer-aaaa", record);
    saveWriterAdaptation(dataDir, "v7", "writer-bbbb", record);
    expect(loadWriterAdaptation(dataDir, "v7", "writer-aaaa")).toEqual(record);
    expect(loadWriterAdaptation(dataDir, "v9", "writer-aaaa")).toBeNull();
    expect(writersWithAdaptations(dataDir, "v7")).toEqual(["writer-aaaa", "writer-bbbb"]);
    expect(deleteWriterAdaptations(dataDir, "writer-aaaa")).toBe(2);
    expect(loadWriterAdaptation(dataDir, "v8", "writer-aaaa")).toBeNull();
    expect(writersWithAdaptations(dataDir, "v7")).toEqual(["writer-bbbb"]);
    expect(deleteWriterAdaptations(dataDir, "writer-aaaa")).toBe(0);
  });

  it("refuses ids and versions that are not file names, and reads a damaged file as none", () => {
    expect(() => saveWriterAdaptation(dataDir, "v7", "../../etc", record)).toThrow(/not a writer id/);
    expect(() => saveWriterAdaptation(dataDir, "..", "writer-aaaa", record)).toThrow(/not a model version/);
    saveWriterAdaptation(dataDir, "v7", "writer-aaaa", record);
    fs.writeFileSync(path.join(dataDir, "adaptations", "v7", "writer-aaaa.json"), "{ half a rec");
    expect(loadWriterAdaptation(dataDir, "v7", "writer-aaaa")).toBeNull();
  });

  it("GET answers the writer's record for the version, null when there is none, 422 for a bad id or version", async () => {
    saveWriterAdaptation(dataDir, "v7", "writer-aaaa", record);
    const get = (writer: string, query: string) => handleWriterAdaptation(new Request(`http://localhost:3000/api/adaptations/${writer}${query}`), writer, { dataDir, site });
    const found = await get("writer-aaaa", "?version=v7");
    expect(found.status).toBe(200);
    expect(found.headers.get("cache-control")).toBe("no-store");
    expect(adaptationFromJson((await found.json()).adaptation)).toEqual(record);
    expect(await (await get("writer-aaaa", "?version=v8")).json()).toEqual({ adaptation: null });
    expect(await (await get("writer-cccc", "?version=v7")).json()).toEqual({ adaptation: null });
    for (const [writer, query, message] of [
      ["short", "?version=v7", /writerId/],
      ["writer-aaaa", "", /version/],
      ["writer-aaaa", "?version=../v7", /version must be/],
      ["writer-aaaa", "?version=v7&extra=1", /extra/],
    ] as const) {
      const r = await get(writer, query);
      expect(r.status).toBe(422);
      const body = await r.json();
      expect(body.error).toBe("invalid_request");
      expect(body.message).toMatch(message);
    }
  });

  it("DELETE forgets the writer's records, same-site only", async () => {
    saveWriterAdaptation(dataDir, "v7", "writer-aaaa", record);
    const del = (headers: Record<string, string>) => handleForgetWriterAdaptations(new Request("http://localhost:3000/api/adaptations/writer-aaaa", { method: "DELETE", headers }), "writer-aaaa", { dataDir, site });
    const refused = await del({ origin: "http://evil.example" });
    expect(refused.status).toBe(403);
    expect(loadWriterAdaptation(dataDir, "v7", "writer-aaaa")).not.toBeNull();
    const ok = await del({ origin: "http://localhost:3000" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ deleted: 1 });
    expect(loadWriterAdaptation(dataDir, "v7", "writer-aaaa")).toBeNull();
  });
});

describe("which contributing writers the retrain adapts to", () => {
  const s = (i: number, writer: string) => ({ id: `s${i}`, text: fixtures[i % 20].text, writer, ink: fixtures[i % 20].ink });

  it("those with enough lines, by page writer id only, capped, in id order", () => {
    const samples = [
      ...Array.from({ length: 12 }, (_, i) => s(i, "writer-bbbb")),
      ...Array.from({ length: 9 }, (_, i) => s(i, "writer-short")),
      ...Array.from({ length: 12 }, (_, i) => s(i, "lex/ehrls1")), // an imported dataset writer: no page asks for it
      ...Array.from({ length: 15 }, (_, i) => s(i, "writer-aaaa")),
    ];
    const writers = writersToAdapt(samples, 10, 14);
    expect(writers.map((w) => [w.writer, w.lines.length])).toEqual([["writer-aaaa", 14], ["writer-bbbb", 12]]);
    expect(writers[1].lines[0]).toEqual({ ink: samples[0].ink, text: samples[0].text });
  });

  it("counts a note as its lines when they can be told apart, and leaves it out when not", () => {
    const stacked = loadStackedFixtureInks()[0]; // a real UNIPEN block of 4 lines
    const note = { id: "n1", writer: "writer-aaaa", text: stacked.text, ink: stacked.ink };
    const unsplittable = { id: "n2", writer: "writer-aaaa", text: stacked.text.split("\n").slice(0, 3).join("\n"), ink: stacked.ink };
    const writers = writersToAdapt([note, unsplittable], 2, 60);
    expect(writers).toHaveLength(1);
    expect(writers[0].lines.map((l) => l.text)).toEqual(stacked.text.split("\n"));
  });
});

describe("deriving the writers' adaptations", () => {
  const writers = [
    { writer: "writer-aaaa", lines: fixtures.slice(0, 6).map((f) => ({ ink: f.ink, text: f.text })) },
    { writer: "writer-bbbb", lines: fixtures.slice(6, 12).map((f) => ({ ink: f.ink, text: f.text })) },
    { writer: "writer-cccc", lines: fixtures.slice(12, 18).map((f) => ({ ink: f.ink, text: f.text })) },
  ];
  const overrides = { epochs: 2, minSteps: 0, minSamples: 4 };

  it("on worker threads, two at a time, gives each writer exactly the in-process adaptation, stored as it is made", async () => {
    const base = { version: "v7", config, params };
    const inProcess = new Map<string, AdaptationRecord>();
    await deriveWriterAdaptations(base, writers, fixtures.slice(30, 34), { onRecord: (w, r) => inProcess.set(w, r) }, { overrides });
    const threaded = new Map<string, AdaptationRecord>();
    const seen: number[] = [];
    const result = await deriveWriterAdaptations(
      base,
      writers,
      fixtures.slice(30, 34),
      { skip: (w) => w === "writer-cccc", onRecord: (w, r) => threaded.set(w, r), onProgress: (done) => seen.push(done) },
      { overrides, concurrency: 2, adapt: adaptWriterOnThread },
    );
    expect(result).toEqual({ made: expect.arrayContaining(["writer-aaaa", "writer-bbbb"]), skipped: ["writer-cccc"] });
    expect([...threaded.keys()].sort()).toEqual(["writer-aaaa", "writer-bbbb"]);
    for (const [w, r] of threaded) {
      expect(r).toMatchObject({ origin: "server", vocabulary: [], base: inProcess.get(w)!.base, epochs: 2 });
      expect([...r.values]).toEqual([...inProcess.get(w)!.values]);
    }
    expect(seen.at(-1)).toBe(3);
  }, 120_000);

  it("stops when asked, storing nothing more", async () => {
    let stop = false;
    const stored: string[] = [];
    const result = await deriveWriterAdaptations({ version: "v7", config, params }, writers, [], { onRecord: (w) => stored.push(w), shouldStop: () => stop, onProgress: () => (stop = true) }, { overrides: { ...overrides, epochs: 50 }, adapt: adaptWriterOnThread });
    expect(result.made).toEqual([]);
    expect(stored).toEqual([]);
  }, 60_000);
});
