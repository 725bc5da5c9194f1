import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeCharset } from "../ctc/charset";
import { DEFAULT_CHARSET } from "../model/charset";
import { decideSamples } from "./review-decisions";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";

/** Review decisions on a real database (SQLite here, PostgreSQL in CI's second run). */
let database: TestDatabase;
const ink = JSON.stringify({ version: 1, strokes: [{ points: [{ x: 0, y: 0 }] }] });
const printable = DEFAULT_CHARSET.chars.filter((c) => c !== "");
const charset = vi.fn(async () => DEFAULT_CHARSET);

beforeAll(async () => {
  database = await createTestDatabase("review_decisions");
  for (const id of ["d1", "d2", "d3"]) {
    await database.client.sample.create({ data: { id, ink, label: `label ${id}`, writerId: "writer_1", source: "prompted", pointCount: 1 } });
  }
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

const row = (id: string) => database.client.sample.findUniqueOrThrow({ where: { id }, select: { status: true, label: true } });

describe("decideSamples", () => {
  it("sets the status of every named sample that exists in one update, and reads no charset for it", async () => {
    charset.mockClear();
    expect(await decideSamples(database.client, { ids: ["d1", "d2", "missing"], status: "approved" }, charset)).toEqual({ outcome: "updated", updated: 2 });
    expect([(await row("d1")).status, (await row("d2")).status, (await row("d3")).status]).toEqual(["approved", "approved", "pending"]);
    expect(charset).not.toHaveBeenCalled();
  });

  it("relabels one sample with the label as a submission would store it (trimmed, NFC), with a status or without", async () => {
    const outcome = await decideSamples(database.client, { ids: ["d3"], label: "  cafe\u0301  ", status: "rejected" }, async () => makeCharset([...printable, "é"]));
    expect(outcome).toEqual({ outcome: "updated", updated: 1, label: "café" });
    expect(await row("d3")).toEqual({ status: "rejected", label: "café" });
    expect(await decideSamples(database.client, { ids: ["d3"], label: "back again" }, charset)).toMatchObject({ label: "back again" });
    expect((await row("d3")).status).toBe("rejected");
  });

  it("refuses a label the model cannot write, and changes nothing", async () => {
    const outcome = await decideSamples(database.client, { ids: ["d1"], label: "€5", status: "pending" }, charset);
    expect(outcome.outcome).toBe("invalid_label");
    if (outcome.outcome === "invalid_label") expect(outcome.error.issues[0].message).toMatch(/€/);
    expect(await row("d1")).toEqual({ status: "approved", label: "label d1" });
  });

  it("says not_found when none of the ids exists", async () => {
    expect(await decideSamples(database.client, { ids: ["nope", "nada"], status: "rejected" }, charset)).toEqual({ outcome: "not_found" });
  });
});
