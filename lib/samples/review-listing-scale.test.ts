import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReviewQuerySchema } from "../retrain/review-queue";
import { reviewListing, type ReviewListingQuery } from "./review-listing";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";

/**
 * The review queue at 10,000 pending samples (issue 15), on a real database (SQLite here,
 * PostgreSQL in CI's second run): every page is bounded, whatever the queue's length, and the
 * cursor walks the whole queue exactly once in order, also while the admin decides samples on
 * the way (decided samples leave the filter, as the page's list drops them).
 */
const COUNT = 10_000;
let database: TestDatabase;
const ink = JSON.stringify({ version: 1, strokes: [{ points: [{ x: 0, y: 0 }, { x: 3, y: 1 }] }] });
/** Ten samples share each millisecond, so ties on createdAt are broken by id. */
const idOf = (i: number) => `p${String(i).padStart(5, "0")}`;
const createdAtOf = (i: number) => new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 10));

beforeAll(async () => {
  database = await createTestDatabase("review_scale");
  // Inserted out of order (reversed blocks), so the listing's order is the query's, not the insertion's.
  const rows = Array.from({ length: COUNT }, (_, i) => i)
    .sort((a, b) => (b % 7) - (a % 7) || a - b)
    .map((i) => ({ id: idOf(i), ink, label: `word ${i}`, writerId: `writer-${i % 50}`, source: "imported", status: "pending", pointCount: 2, createdAt: createdAtOf(i) }));
  for (let at = 0; at < rows.length; at += 1000) await database.client.sample.createMany({ data: rows.slice(at, at + 1000) });
  await database.client.sample.create({ data: { id: "approved-one", ink, label: "done", writerId: "writer-0", source: "prompted", status: "approved", pointCount: 2, createdAt: createdAtOf(5) } });
}, 300_000);

afterAll(async () => {
  await database?.drop();
});

/** The listing, with the rows each of its queries brought back counted. */
function countingListing(query: Partial<ReviewListingQuery>) {
  const seen = { rawRows: 0, sampleRows: 0 };
  const db = {
    $queryRawUnsafe: async <T,>(sql: string, ...values: unknown[]) => {
      const rows = (await database.client.$queryRawUnsafe<T[]>(sql, ...values)) as unknown[];
      if (!/COUNT\(\*\)/.test(sql)) seen.rawRows = Math.max(seen.rawRows, rows.length);
      return rows as T;
    },
    sample: {
      findMany: async (args: Parameters<typeof database.client.sample.findMany>[0]) => {
        const rows = await database.client.sample.findMany(args);
        seen.sampleRows = Math.max(seen.sampleRows, rows.length);
        return rows;
      },
    },
  } as unknown as Parameters<typeof reviewListing>[0];
  const full = ReviewQuerySchema.parse({ status: "pending", ...query });
  return reviewListing(db, database.provider, full).then((page) => ({ page, seen }));
}

describe("the review queue at 10,000 pending samples", () => {
  it("answers a bounded page: at most `take` samples read and sent, whatever the queue's length", async () => {
    const { page, seen } = await countingListing({ take: 24 });
    expect(page.total).toBe(COUNT);
    expect(page.items).toHaveLength(24);
    expect(page.items.map((i) => i.id)).toEqual(Array.from({ length: 24 }, (_, i) => idOf(i)));
    expect(page.next).toBe(idOf(23));
    expect(seen.rawRows).toBeLessThanOrEqual(25); // the ids of one page, plus one to know there is more
    expect(seen.sampleRows).toBeLessThanOrEqual(24);
    expect(JSON.stringify(page.items).length).toBeLessThan(24 * 1000);
  });

  it("refuses pages larger than 100", () => {
    expect(ReviewQuerySchema.safeParse({ take: "101" }).success).toBe(false);
    expect(ReviewQuerySchema.parse({}).take).toBe(24);
  });

  it("walks the whole queue with the cursor, each sample once, oldest first", async () => {
    const walked: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const { page, seen } = await countingListing({ take: 100, after });
      expect(seen.sampleRows).toBeLessThanOrEqual(100);
      walked.push(...page.items.map((i) => i.id));
      pages++;
      if (!page.next) break;
      after = page.next;
    }
    expect(pages).toBe(COUNT / 100);
    expect(walked).toHaveLength(COUNT);
    expect(walked).toEqual(Array.from({ length: COUNT }, (_, i) => idOf(i)));
  }, 120_000);

  it("keeps walking while samples are decided on the way, as the review page does", async () => {
    // Approve each page's second half, then ask for the page after its last item, itself approved
    // by then: the cursor is a position in the order, whatever became of that sample.
    const client = database.client;
    const walked: string[] = [];
    let after: string | undefined;
    try {
      for (let n = 0; n < 5; n++) {
        const { page } = await countingListing({ take: 50, after });
        const decided = page.items.slice(25).map((i) => i.id);
        await client.sample.updateMany({ where: { id: { in: decided } }, data: { status: "approved" } });
        walked.push(...page.items.map((i) => i.id));
        after = page.next!;
      }
      expect(walked).toEqual(Array.from({ length: 250 }, (_, i) => idOf(i)));
      const { page } = await countingListing({ take: 10 });
      expect(page.total).toBe(COUNT - 125);
      expect(page.items.map((i) => i.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(idOf)); // the undecided ones
      const { page: second } = await countingListing({ take: 10, after: idOf(20) });
      expect(second.items[0].id).toBe(idOf(21));
      expect(second.items[4].id).toBe(idOf(50)); // 25–49 were decided
    } finally {
      await client.sample.updateMany({ where: { id: { startsWith: "p" } }, data: { status: "pending" } });
    }
  });
});
