import type { PrismaClient, Sample } from "../db";

type SampleDb = Pick<PrismaClient, "sample">;

/** How many samples a writer has contributed (any status). */
export function countSamplesByWriter(db: SampleDb, writerId: string): Promise<number> {
  return db.sample.count({ where: { writerId } });
}

/**
 * How often each character occurs in the labels of the samples that can still become training
 * data (pending and approved). What the prompt chooser uses to favour rare characters.
 * Reads labels in pages, so memory stays bounded by the page, not the table.
 */
export async function labelCharacterCounts(db: SampleDb, pageSize = 5_000): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let cursor: string | undefined;
  for (;;) {
    const page = await db.sample.findMany({
      where: { status: { in: ["pending", "approved"] } },
      select: { id: true, label: true },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const { label } of page) for (const c of label) counts.set(c, (counts.get(c) ?? 0) + 1);
    if (page.length < pageSize) return counts;
    cursor = page[page.length - 1].id;
  }
}

/**
 * Every approved sample that the writer consented to share, oldest id first, read in pages of
 * `pageSize` so that an export of any size streams in bounded memory.
 */
export async function* approvedSamples(db: SampleDb, pageSize = 500): AsyncGenerator<Sample> {
  let cursor: string | undefined;
  for (;;) {
    const page = await db.sample.findMany({
      where: { status: "approved", consent: true },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    yield* page;
    if (page.length < pageSize) return;
    cursor = page[page.length - 1].id;
  }
}
