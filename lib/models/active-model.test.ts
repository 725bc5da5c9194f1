import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db";
import { DEFAULT_CHARSET } from "@/lib/model/charset";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";
import { activeModelLocation, loadActiveCharset, type ModelStore, resolveActiveModel, setShippedDefaultVersion, shippedDefaultVersion } from "./active-model";

describe("the active model over a real database and models folders", () => {
  let database: TestDatabase;
  let client: PrismaClient;
  let dir: string;
  let store: ModelStore;
  let warnings: string[];
  const warn = (message: string) => warnings.push(message);

  const publish = (folder: string, version: string, charset?: unknown) => {
    fs.mkdirSync(path.join(folder, version), { recursive: true });
    fs.writeFileSync(path.join(folder, version, "model.json"), "{}");
    if (charset !== undefined) fs.writeFileSync(path.join(folder, version, "charset.json"), JSON.stringify(charset));
  };
  const setManifest = (text: string) => fs.writeFileSync(path.join(store.publicDir, "manifest.json"), text);
  const addRow = (version: string, active: boolean, metrics = "{}") =>
    client.modelVersion.create({ data: { version, metrics, weightsPath: `public/models/${version}/model.json`, active } });

  beforeAll(async () => {
    database = await createTestDatabase("active_model");
    client = database.client;
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
  });

  beforeEach(async () => {
    await client.modelVersion.deleteMany();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-active-model-"));
    store = { root: dir, publicDir: path.join(dir, "public"), trainedDir: path.join(dir, "trained") };
    fs.mkdirSync(store.publicDir);
    warnings = [];
    return () => fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves the manifest default while no version is active", async () => {
    publish(store.publicDir, "v1");
    setManifest(JSON.stringify({ default: "v1" }));
    await addRow("v0", false);
    expect(await resolveActiveModel(client, store, warn)).toEqual({
      ok: true,
      model: { version: "v1", dir: path.join(store.publicDir, "v1"), url: "/models/v1", kind: "shipped", source: "manifest" },
    });
  });

  it("lets the active database row win over the manifest, with its metrics", async () => {
    publish(store.publicDir, "v1");
    publish(store.publicDir, "v2");
    setManifest(JSON.stringify({ default: "v1" }));
    await addRow("v2", true, '{"cer":0.12}');
    expect(await resolveActiveModel(client, store, warn)).toEqual({
      ok: true,
      model: { version: "v2", dir: path.join(store.publicDir, "v2"), url: "/models/v2", kind: "shipped", source: "database", metrics: { cer: 0.12 } },
    });
  });

  it("serves an active trained version from /api/models/files, before public/models", async () => {
    publish(store.publicDir, "v1");
    setManifest(JSON.stringify({ default: "v1" }));
    publish(store.trainedDir, "ft-1");
    await addRow("ft-1", true, '{"cer":0.1}');
    expect(await resolveActiveModel(client, store, warn)).toMatchObject({ ok: true, model: { version: "ft-1", url: "/api/models/files/ft-1", source: "database", metrics: { cer: 0.1 } } });
    expect(await activeModelLocation(client, store)).toMatchObject({ version: "ft-1", dir: path.join(store.trainedDir, "ft-1"), kind: "trained" });
  });

  it("falls back to the manifest when the active version's files are missing, and says so", async () => {
    publish(store.publicDir, "v1");
    setManifest(JSON.stringify({ default: "v1" }));
    await addRow("v9", true);
    expect(await resolveActiveModel(client, store, warn)).toMatchObject({ ok: true, model: { version: "v1", url: "/models/v1", source: "manifest" } });
    expect(warnings.join("\n")).toContain('"v9"');
  });

  it("never turns an unsafe version name into a URL", async () => {
    publish(store.publicDir, "v1");
    setManifest(JSON.stringify({ default: "v1" }));
    await addRow("../../etc", true);
    expect(await resolveActiveModel(client, store, warn)).toMatchObject({ ok: true, model: { version: "v1", source: "manifest" } });
    setManifest(JSON.stringify({ default: "../secrets" }));
    expect(await resolveActiveModel(client, store, warn)).toEqual({ ok: false, error: "The model manifest names no valid default version." });
    expect(shippedDefaultVersion(store)).toBeNull();
  });

  it("says why when nothing is published", async () => {
    expect(await resolveActiveModel(client, store, warn)).toEqual({ ok: false, error: "No model is published yet (public/models/manifest.json is missing)." });
    setManifest("{ not json");
    expect(await resolveActiveModel(client, store, warn)).toEqual({ ok: false, error: "No model is available: the model manifest is unreadable." });
    setManifest(JSON.stringify({ default: "v3" }));
    expect(await resolveActiveModel(client, store, warn)).toEqual({ ok: false, error: 'The default model "v3" is not published (no model.json).' });
    expect(await activeModelLocation(client, store)).toBeNull();
  });

  it("serves the manifest when the database cannot be read", async () => {
    publish(store.publicDir, "v1");
    setManifest(JSON.stringify({ default: "v1" }));
    const broken = { modelVersion: { findFirst: () => Promise.reject(new Error("SQLITE_CANTOPEN")) } } as unknown as Pick<PrismaClient, "modelVersion">;
    expect(await resolveActiveModel(broken, store, warn)).toMatchObject({ ok: true, model: { version: "v1", source: "manifest" } });
    expect(warnings).toHaveLength(1);
  });

  it("checks labels against the active model's charset, then the manifest default's, then printable ASCII", async () => {
    const shippedCharset = { chars: ["", "a", "b"], blank: 0 };
    const trainedCharset = { chars: ["x", "y", ""], blank: 2 };
    expect(await loadActiveCharset(client, store)).toEqual(DEFAULT_CHARSET);
    publish(store.publicDir, "v1", shippedCharset);
    setManifest(JSON.stringify({ default: "v1" }));
    expect(await loadActiveCharset(client, store)).toEqual(shippedCharset);
    publish(store.trainedDir, "ft-1", trainedCharset);
    await addRow("ft-1", true);
    expect(await loadActiveCharset(client, store)).toEqual(trainedCharset);
    fs.writeFileSync(path.join(store.trainedDir, "ft-1", "charset.json"), JSON.stringify({ chars: ["a", "a"], blank: 0 }));
    expect(await loadActiveCharset(client, store)).toEqual(shippedCharset);
  });

  it("sets the manifest default, keeping the manifest's other fields", () => {
    setManifest(JSON.stringify({ default: "v1", note: "kept" }));
    setShippedDefaultVersion(store, "v2");
    expect(JSON.parse(fs.readFileSync(path.join(store.publicDir, "manifest.json"), "utf8"))).toEqual({ default: "v2", note: "kept" });
    expect(() => setShippedDefaultVersion(store, "../v3")).toThrow(/not a valid model version name/);
  });
});
