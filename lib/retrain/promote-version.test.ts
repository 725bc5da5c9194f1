import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "../db";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";
import { modelStore, type ModelStore } from "../models/active-model";
import { promoteVersion } from "./promote-version";

// A real database (SQLite here, PostgreSQL in CI's second pass) and real version folders: the
// promote guard refuses a version that reads other writers worse, unless confirmed.
const validation = (cer: number) => ({ cer, wordCer: cer, wordWer: 0.2, wordAccuracy: 0.8, lineCer: cer, lineWer: 0.3 });
const metrics = (cer: number, parentCer: number) => ({
  cer,
  wer: 0.3,
  validationSetId: "unipen-w400-l100-s7.8.9",
  validation: validation(cer),
  heldOut: { cer: 0.04, wer: 0.2, accuracy: 0.8, samples: 80 },
  parent: { version: "v1", validation: validation(parentCer), heldOut: { cer: 0.05, wer: 0.2, accuracy: 0.8, samples: 80 } },
  data: { newTrain: 320, heldOut: 80, base: 320, baseSource: "unipen" },
  training: { mode: "finetune", steps: 23, epochs: 1, seconds: 80, layers: 3, units: 192 },
  decoder: "greedy",
});

describe("promoteVersion's base-validation guard", () => {
  let database: TestDatabase;
  let db: PrismaClient;
  let store: ModelStore;
  let root: string;

  beforeAll(async () => {
    database = await createTestDatabase("promote");
    db = database.client;
    root = fs.mkdtempSync(path.join(os.tmpdir(), "inkwell-promote-"));
    store = modelStore(root);
    const place = (dir: string) => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "model.json"), "{}");
    };
    place(path.join(store.publicDir, "v1"));
    fs.writeFileSync(path.join(store.publicDir, "manifest.json"), JSON.stringify({ default: "v1" }));
    for (const [version, cer] of [["ft-ok", 0.1105], ["ft-worse", 0.1153]] as const) {
      place(path.join(store.trainedDir, version));
      await db.modelVersion.create({ data: { version, metrics: JSON.stringify(metrics(cer, 0.1097)), weightsPath: `data/models/${version}/model.json`, active: false } });
    }
  });

  afterAll(async () => {
    await database.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("refuses +5% base validation CER over the active version (its parent) and says by how much", async () => {
    const r = await promoteVersion(db, store, "ft-worse");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(409);
    expect(r.guard?.against).toBe("v1");
    expect(r.message).toMatch(/from 10\.97% \(v1\) to 11\.53%, \+5\.1% relative/);
    expect((await db.modelVersion.findMany({ where: { active: true } })).length).toBe(0); // nothing changed
  });

  it("promotes it with an explicit confirm, and promotes one within +1% without asking", async () => {
    const confirmed = await promoteVersion(db, store, "ft-worse", { confirm: true });
    expect(confirmed).toMatchObject({ ok: true, active: "ft-worse", note: expect.stringMatching(/with a confirm over the guard/) });
    await promoteVersion(db, store, null);
    expect(await promoteVersion(db, store, "ft-ok")).toMatchObject({ ok: true, active: "ft-ok", note: null });
    expect((await db.modelVersion.findUniqueOrThrow({ where: { version: "ft-ok" } })).active).toBe(true);
  });
});
