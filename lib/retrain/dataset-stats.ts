import type { Charset } from "../ctc/charset";
import type { PrismaClient } from "../db";
import { labelCharacterCounts } from "../samples/sample-queries";

export interface DatasetStats {
  total: number;
  byStatus: Record<string, number>;
  bySource: Record<string, number>;
  contributors: number;
  /** Writers with the most samples, most first. */
  topContributors: { writerId: string; samples: number }[];
  /** Every charset character with its count in pending + approved labels, rarest first. */
  coverage: { char: string; count: number }[];
  /** Characters below `rareBelow` occurrences: what prompts should ask for next. */
  rare: string[];
  rareBelow: number;
  /** Label characters the model cannot output at all. */
  outsideCharset: { char: string; count: number }[];
}

/** Counts for the dashboard's charts; database-side grouping, so it stays cheap on big tables. */
export async function datasetStats(db: Pick<PrismaClient, "sample">, charset: Charset, rareBelow = 5): Promise<DatasetStats> {
  const [byStatusRows, bySourceRows, writers, top, charCounts] = await Promise.all([
    db.sample.groupBy({ by: ["status"], _count: { _all: true } }),
    db.sample.groupBy({ by: ["source"], _count: { _all: true } }),
    db.sample.groupBy({ by: ["writerId"] }).then((rows) => rows.length),
    db.sample.groupBy({ by: ["writerId"], _count: { writerId: true }, orderBy: { _count: { writerId: "desc" } }, take: 10 }),
    labelCharacterCounts(db),
  ]);
  const byStatus = Object.fromEntries(byStatusRows.map((r) => [r.status, r._count._all]));
  const bySource = Object.fromEntries(bySourceRows.map((r) => [r.source, r._count._all]));
  const known = charset.chars.filter((_, i) => i !== charset.blank);
  const knownSet = new Set(known);
  const coverage = known.map((char) => ({ char, count: charCounts.get(char) ?? 0 })).sort((a, b) => a.count - b.count || a.char.localeCompare(b.char));
  const outsideCharset = [...charCounts].filter(([c]) => !knownSet.has(c)).map(([char, count]) => ({ char, count })).sort((a, b) => b.count - a.count);
  return {
    total: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    bySource,
    contributors: writers,
    topContributors: top.map((r) => ({ writerId: r.writerId, samples: (r._count as { writerId: number }).writerId })),
    coverage,
    rare: coverage.filter((c) => c.count < rareBelow).map((c) => c.char),
    rareBelow,
    outsideCharset,
  };
}
