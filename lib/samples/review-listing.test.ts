import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countPoints } from "../ink/types";
import { containsPattern, reviewListing, type ReviewListingQuery } from "./review-listing";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";

/** The review queue's listing on a real database (SQLite here, PostgreSQL in CI's second run). */
let database: TestDatabase;

const LABELS = ["100%", "1000", "a_b", "azb", "back\\slash", "backXslash", "plain", "UPPER%"];
const bigInk = { version: 1, strokes: Array.from({ length: 5 }, (_, s) => ({ points: Array.from({ length: 10_000 }, (_, i) => ({ x: s * 50 + 20 * Math.sin(i / 90), y: 20 * Math.cos(i / 70), t: i })) })) };

beforeAll(async () => {
  database = await createTestDatabase("review_listing");
  for (const [i, label] of LABELS.entries()) {
    const ink = i === 0 ? bigInk : { version: 1, strokes: [{ points: [{ x: 0, y: 0 }, { x: i, y: 1 }] }] };
    await database.client.sample.create({
      data: { id: `s${i}`, ink: JSON.stringify(ink), label, writerId: i % 2 ? "writer_1" : "writer%2", source: "prompted", pointCount: countPoints(ink as never), createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) },
    });
  }
  await database.client.sample.create({ data: { id: "broken", ink: "{not json", label: "broken", writerId: "writer_1", source: "prompted", pointCount: 0, createdAt: new Date(Date.UTC(2026, 0, 2)) } });
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

const list = (query: Partial<ReviewListingQuery>) => reviewListing(database.client, database.provider, { status: "all", q: "", writer: "", take: 24, ...query });
const labels = async (query: Partial<ReviewListingQuery>) => (await list(query)).items.map((i) => i.label);

describe("reviewListing filters", () => {
  it("treats % and _ as themselves, not wildcards (Prisma's contains did not escape them)", async () => {
    expect(await labels({ q: "%" })).toEqual(["100%", "UPPER%"]);
    expect(await labels({ q: "_" })).toEqual(["a_b"]);
    expect(await labels({ q: "a_b" })).toEqual(["a_b"]);
    expect(await labels({ q: "0%" })).toEqual(["100%"]);
    expect(await labels({ q: "\\" })).toEqual(["back\\slash"]);
    expect(await labels({ writer: "_" })).toEqual(["1000", "azb", "backXslash", "UPPER%", "broken"]);
    expect(await labels({ writer: "%", q: "a" })).toEqual(["a_b", "back\\slash", "plain"]);
    expect((await list({ q: "%" })).total).toBe(2);
  });

  it("escapes the pattern", () => {
    expect(containsPattern("5%_a\\b")).toBe("%5\\%\\_a\\\\b%");
  });

  it("pages oldest first with a cursor", async () => {
    const first = await list({ take: 3 });
    expect(first.items.map((i) => i.id)).toEqual(["s0", "s1", "s2"]);
    expect(first.total).toBe(LABELS.length + 1);
    expect(first.next).toBe("s2");
    const second = await list({ take: 3, after: first.next! });
    expect(second.items.map((i) => i.id)).toEqual(["s3", "s4", "s5"]);
    const last = await list({ take: 10, after: "s5" });
    expect(last.items.map((i) => i.id)).toEqual(["s6", "s7", "broken"]);
    expect(last.next).toBeNull();
    expect((await list({ status: "approved" })).total).toBe(0);
  });
});

describe("reviewListing previews", () => {
  it("sends a preview of at most 300 points, not the 50,000-point ink, and null for unreadable ink", async () => {
    const page = await list({});
    const big = page.items.find((i) => i.id === "s0")!;
    expect(big.pointCount).toBe(50_000);
    expect(countPoints(big.preview!)).toBeLessThanOrEqual(300);
    expect(JSON.stringify(page.items).length).toBeLessThan(20_000);
    expect(page.inks.get("s0")!.strokes[0].points).toHaveLength(10_000); // the full ink stays on the server
    expect(page.items.find((i) => i.id === "broken")!.preview).toBeNull();
    expect("ink" in big).toBe(false);
  });
});
