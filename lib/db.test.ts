import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseProvider, type TestDatabase } from "@/test-support/database";
import { createPrismaClient, SQLITE_PRAGMAS, type PrismaClient } from "./db";
import { countPoints, inkFromArrays, InkSchema } from "./ink/types";

const ROOT = path.resolve(__dirname, "..");
const onSqlite = testDatabaseProvider() === "sqlite";
// PostgreSQL's migrations are twins of the SQLite ones, with the same folder names.
const MIGRATION_NAMES = fs
  .readdirSync(path.join(ROOT, "prisma", ...(onSqlite ? [] : ["postgres"]), "migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("database layer on a fresh database", () => {
  let database: TestDatabase;
  let client: PrismaClient;

  // Migrated by the very command `npm start` and `npm run db:migrate` use, on the committed
  // migrations; a SQLite file goes in a not-yet-existing folder, which that command must create.
  beforeAll(async () => {
    database = await createTestDatabase("db");
    client = database.client;
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
  });

  it.runIf(onSqlite)("opens SQLite in WAL mode with synchronous=FULL, so an acknowledged commit survives a crash whole", async () => {
    expect(SQLITE_PRAGMAS).toEqual(["journal_mode = WAL", "synchronous = FULL", "busy_timeout = 5000"]);
    const pragma = async (name: string) => Object.values((await client.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0])[0];
    expect(String(await pragma("journal_mode")).toLowerCase()).toBe("wal");
    // 2 = FULL (0 OFF, 1 NORMAL, 3 EXTRA); per connection, so this is the client's own setting.
    expect(Number(await pragma("synchronous"))).toBe(2);
    expect(Number(await pragma("busy_timeout"))).toBe(5000);
    // WAL is stored in the database file: a second connection sees it without setting it.
    const other = createPrismaClient(database.url);
    try {
      expect(String(Object.values((await other.$queryRawUnsafe<Record<string, unknown>[]>("PRAGMA journal_mode"))[0])[0]).toLowerCase()).toBe("wal");
    } finally {
      await other.$disconnect();
    }
  });

  it("applies every committed migration", async () => {
    const applied = await client.$queryRawUnsafe<{ migration_name: string; finished_at: unknown }[]>(
      `SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(MIGRATION_NAMES.length).toBeGreaterThan(0);
    expect(applied.map((row) => row.migration_name)).toEqual(MIGRATION_NAMES);
    expect(applied.every((row) => row.finished_at !== null)).toBe(true);
  });

  it("round-trips a Sample with its ink JSON", async () => {
    const ink = inkFromArrays([
      [
        [0, 0, 0],
        [10.5, 2.25, 16],
        [20, 4, 33],
      ],
      [[5, -3]],
    ]);
    const created = await client.sample.create({
      data: {
        ink: JSON.stringify(ink),
        label: "hi ✓",
        writerId: "writer-1",
        source: "prompted",
        consent: true,
        pointCount: countPoints(ink),
      },
    });
    expect(created.id).toMatch(/^c[a-z0-9]{20,}$/);
    expect(created.status).toBe("pending");

    const read = await client.sample.findUniqueOrThrow({ where: { id: created.id } });
    expect(read).toEqual(created);
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(InkSchema.parse(JSON.parse(read.ink))).toEqual(ink);
    expect(read.pointCount).toBe(4);
  });

  it("keeps a client-supplied id and rejects a duplicate", async () => {
    const data = { id: "client-id-1", ink: "{}", label: "a", writerId: "w", source: "imported", pointCount: 0 };
    await client.sample.create({ data });
    await expect(client.sample.create({ data })).rejects.toThrow(/Unique constraint/);
  });

  it("links a ModelVersion to the TrainingRun that produced it", async () => {
    const run = await client.trainingRun.create({ data: { config: JSON.stringify({ epochs: 2 }) } });
    expect(run.status).toBe("queued");
    expect(JSON.parse(run.epochMetrics)).toEqual([]);
    const version = await client.modelVersion.create({
      data: { version: "v1", metrics: JSON.stringify({ cer: 0.1 }), weightsPath: "public/models/v1/model.json", trainingRunId: run.id },
    });
    const withRun = await client.modelVersion.findUniqueOrThrow({ where: { version: "v1" }, include: { trainingRun: true } });
    expect(withRun.trainingRun?.id).toBe(run.id);
    expect(version.active).toBe(false);
    await expect(
      client.modelVersion.create({ data: { version: "v1", metrics: "{}", weightsPath: "x" } }),
    ).rejects.toThrow(/Unique constraint/);
  });
});
