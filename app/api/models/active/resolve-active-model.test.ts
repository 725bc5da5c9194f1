import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db";
import { activeModelSources } from "./model-sources";
import { resolveActiveModel, type ActiveModelSources } from "./resolve-active-model";

const ROOT = path.resolve(__dirname, "..", "..", "..", "..");

describe("resolveActiveModel over a real database and models folder", () => {
  let dir: string;
  let modelsDir: string;
  let client: PrismaClient;
  let warnings: string[];
  let sources: ActiveModelSources;

  const publish = (version: string) => {
    fs.mkdirSync(path.join(modelsDir, version), { recursive: true });
    fs.writeFileSync(path.join(modelsDir, version, "model.json"), "{}");
  };
  const setManifest = (text: string) => fs.writeFileSync(path.join(modelsDir, "manifest.json"), text);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-active-model-"));
    const databaseUrl = `file:${path.join(dir, "test.db")}`;
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "db.mjs"), "migrate"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: "pipe",
    });
    client = createPrismaClient(databaseUrl);
  }, 120_000);

  afterAll(async () => {
    await client?.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await client.modelVersion.deleteMany();
    modelsDir = fs.mkdtempSync(path.join(dir, "models-"));
    warnings = [];
    sources = { ...activeModelSources(client, modelsDir), warn: (m) => warnings.push(m) };
  });

  it("serves the manifest default while no version is active", async () => {
    publish("v1");
    setManifest(JSON.stringify({ default: "v1" }));
    await client.modelVersion.create({ data: { version: "v0", metrics: "{}", weightsPath: "public/models/v0/model.json", active: false } });
    expect(await resolveActiveModel(sources)).toEqual({ status: 200, body: { version: "v1", url: "/models/v1", source: "manifest" } });
  });

  it("lets the active database row win over the manifest, with its metrics", async () => {
    publish("v1");
    publish("v2");
    setManifest(JSON.stringify({ default: "v1" }));
    await client.modelVersion.create({ data: { version: "v2", metrics: '{"cer":0.12}', weightsPath: "public/models/v2/model.json", active: true } });
    expect(await resolveActiveModel(sources)).toEqual({
      status: 200,
      body: { version: "v2", url: "/models/v2", source: "database", metrics: { cer: 0.12 } },
    });
  });

  it("falls back to the manifest when the active version's files are missing, and says so", async () => {
    publish("v1");
    setManifest(JSON.stringify({ default: "v1" }));
    await client.modelVersion.create({ data: { version: "v9", metrics: "{}", weightsPath: "public/models/v9/model.json", active: true } });
    const result = await resolveActiveModel(sources);
    expect(result).toEqual({ status: 200, body: { version: "v1", url: "/models/v1", source: "manifest" } });
    expect(warnings.join("\n")).toContain('"v9"');
  });

  it("never turns an unsafe version name into a URL", async () => {
    publish("v1");
    setManifest(JSON.stringify({ default: "v1" }));
    await client.modelVersion.create({ data: { version: "../../etc", metrics: "{}", weightsPath: "x", active: true } });
    expect((await resolveActiveModel(sources)).body).toMatchObject({ version: "v1", source: "manifest" });
    setManifest(JSON.stringify({ default: "../secrets" }));
    expect(await resolveActiveModel(sources)).toEqual({ status: 503, body: { error: "The model manifest names no valid default version." } });
  });

  it("answers 503 with a clear message when nothing is published", async () => {
    expect(await resolveActiveModel(sources)).toEqual({ status: 503, body: { error: "No model is published yet (public/models/manifest.json is missing)." } });
    setManifest("{ not json");
    expect((await resolveActiveModel(sources)).status).toBe(503);
    setManifest(JSON.stringify({ default: "v3" }));
    expect(await resolveActiveModel(sources)).toEqual({ status: 503, body: { error: 'The default model "v3" is not published (no model.json).' } });
  });

  it("serves the manifest when the database cannot be read", async () => {
    publish("v1");
    setManifest(JSON.stringify({ default: "v1" }));
    const broken = { ...sources, readActiveRow: () => Promise.reject(new Error("SQLITE_CANTOPEN")) };
    expect((await resolveActiveModel(broken)).body).toMatchObject({ version: "v1", source: "manifest" });
    expect(warnings).toHaveLength(1);
  });
});

describe("resolveActiveModel with versions trained on the server", () => {
  it("serves an active trained version from /api/models/files, before public/models", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-trained-"));
    try {
      const publicDir = path.join(dir, "public");
      const trainedDir = path.join(dir, "trained");
      fs.mkdirSync(path.join(publicDir, "v1"), { recursive: true });
      fs.writeFileSync(path.join(publicDir, "v1", "model.json"), "{}");
      fs.writeFileSync(path.join(publicDir, "manifest.json"), JSON.stringify({ default: "v1" }));
      fs.mkdirSync(path.join(trainedDir, "ft-1"), { recursive: true });
      fs.writeFileSync(path.join(trainedDir, "ft-1", "model.json"), "{}");
      const rows = { current: { version: "ft-1", metrics: '{"cer":0.1}' } as { version: string; metrics: string } | null };
      const client = { modelVersion: { findFirst: async () => rows.current } } as unknown as Parameters<typeof activeModelSources>[0];
      const sources = { ...activeModelSources(client, publicDir, trainedDir), warn: () => {} };
      expect(await resolveActiveModel(sources)).toEqual({ status: 200, body: { version: "ft-1", url: "/api/models/files/ft-1", source: "database", metrics: { cer: 0.1 } } });
      rows.current = { version: "ft-missing", metrics: "{}" };
      expect((await resolveActiveModel(sources)).body).toMatchObject({ version: "v1", url: "/models/v1", source: "manifest" });
      rows.current = null;
      expect((await resolveActiveModel(sources)).body).toMatchObject({ version: "v1", source: "manifest" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
