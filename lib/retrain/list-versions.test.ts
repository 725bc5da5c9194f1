import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelStore, type ModelStore } from "../models/active-model";
import { listVersions } from "./list-versions";
import { modelCardScores, parseModelCardMetrics } from "./version-metrics";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";

const SHIPPED_METRICS = path.resolve(__dirname, "..", "..", "public", "models", "v1", "metrics.json");

describe("the shipped model's metrics.json", () => {
  it("parses with the model card schema and gives the greedy words and lines numbers", () => {
    const card = parseModelCardMetrics(fs.readFileSync(SHIPPED_METRICS, "utf8"));
    expect(card?.version).toBe("v1");
    const words = card!.validation.find((r) => r.set === "words" && r.decoder === "greedy")!;
    const lines = card!.validation.find((r) => r.set.startsWith("lines") && r.decoder === "greedy")!;
    expect(modelCardScores(card!)).toEqual({
      sets: `words (${words.samples}), lines (${lines.samples})`,
      wordCer: words.cer,
      wordAccuracy: words.exact,
      lineWer: lines.wer,
    });
  });

  it("is null for text that is not a model card, and has no scores without greedy rows", () => {
    expect(parseModelCardMetrics("{")).toBeNull();
    expect(parseModelCardMetrics(JSON.stringify({ cer: 0.1 }))).toBeNull();
    const beamOnly = { version: "v", validation: [{ set: "words", decoder: "beam+lm", samples: 1, cer: 0, wer: 0, exact: 1, ms_per_sample: 1 }] };
    expect(modelCardScores(beamOnly)).toBeNull();
  });
});

describe("listVersions", () => {
  let database: TestDatabase;
  let root: string;
  let store: ModelStore;

  beforeAll(async () => {
    database = await createTestDatabase("list_versions");
    root = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-versions-"));
    store = modelStore(root);
    for (const version of ["v1", "v0"]) {
      const dir = path.join(store.publicDir, version);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "model.json"), "{}");
    }
    fs.copyFileSync(SHIPPED_METRICS, path.join(store.publicDir, "v1", "metrics.json"));
    fs.writeFileSync(path.join(store.publicDir, "manifest.json"), JSON.stringify({ default: "v1" }));
    fs.mkdirSync(path.join(store.trainedDir, "ft-1"), { recursive: true });
    fs.writeFileSync(path.join(store.trainedDir, "ft-1", "model.json"), "{}");
    fs.writeFileSync(path.join(store.trainedDir, "ft-1", "metrics.json"), fs.readFileSync(SHIPPED_METRICS));
    await database.client.modelVersion.create({ data: { version: "ft-1", metrics: "{}", weightsPath: "data/models/ft-1/model.json" } });
    // A shipped folder with a row of its own (an older install promoted it) but no metrics.json.
    await database.client.modelVersion.create({ data: { version: "v0", metrics: "{}", weightsPath: "public/models/v0/model.json" } });
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("lists the shipped default with its model card's numbers, which rows without a card do not get", async () => {
    const { versions } = await listVersions(database.client, store);
    const byVersion = new Map(versions.map((v) => [v.version, v]));
    const card = modelCardScores(parseModelCardMetrics(fs.readFileSync(SHIPPED_METRICS, "utf8"))!);
    expect(byVersion.get("v1")).toMatchObject({ kind: "shipped", shippedDefault: true, metrics: null, modelCard: card });
    expect(card?.wordCer).toBeGreaterThan(0);
    // Only shipped folders' metrics.json are model cards; a trained version's numbers are its row's.
    expect(byVersion.get("ft-1")).toMatchObject({ kind: "trained", modelCard: null });
    expect(byVersion.get("v0")).toMatchObject({ kind: "shipped", modelCard: null });
  });
});
