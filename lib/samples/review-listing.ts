import type { DatabaseProvider, PrismaClient } from "../db";
import { inkPreview } from "../ink/preview";
import { InkSchema, type Ink } from "../ink/types";

/**
 * The review queue's listing (GET /api/admin/review): one page of samples, oldest first, each
 * with a preview polyline instead of its full ink (lib/ink/preview.ts; the full ink is
 * GET /api/admin/samples/:id), filtered by label and writer substrings.
 *
 * The filters are literal substrings. Prisma's `contains` passes `%` and `_` through to LIKE as
 * wildcards, and on SQLite LIKE has no escape character unless the query names one, so `contains`
 * cannot be made literal; the filter is SQL with `LIKE ? ESCAPE '\'`, which both SQLite and
 * PostgreSQL understand. Case sensitivity stays what `contains` had: none for ASCII on SQLite,
 * exact on PostgreSQL.
 */
export interface ReviewListingQuery {
  readonly status: "pending" | "approved" | "rejected" | "all";
  readonly q: string;
  readonly writer: string;
  readonly take: number;
  /** Id of the last sample of the previous page. */
  readonly after?: string;
}

export interface ReviewListingItem {
  id: string;
  label: string;
  writerId: string;
  source: string;
  status: string;
  createdAt: string;
  pointCount: number;
  /** A few hundred points at most; null when the stored ink is unreadable. */
  preview: Ink | null;
}

/** The LIKE pattern matching `text` anywhere, literally: `\`, `%` and `_` escaped with `\`. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type ListingDb = Pick<PrismaClient, "sample" | "$queryRawUnsafe">;

export interface ReviewListing {
  items: ReviewListingItem[];
  total: number;
  next: string | null;
  /** Each listed sample's full ink (for the server's own use, e.g. transcription; not sent). */
  inks: Map<string, Ink | null>;
}

export async function reviewListing(
  db: ListingDb,
  provider: DatabaseProvider,
  query: ReviewListingQuery,
  previewPoints = 300,
): Promise<ReviewListing> {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return provider === "postgresql" ? `$${params.length}` : "?";
  };
  const conditions: string[] = [];
  if (query.status !== "all") conditions.push(`"status" = ${param(query.status)}`);
  if (query.q) conditions.push(`"label" LIKE ${param(containsPattern(query.q))} ESCAPE '\\'`);
  if (query.writer) conditions.push(`"writerId" LIKE ${param(containsPattern(query.writer))} ESCAPE '\\'`);
  const filter = conditions.length ? conditions.join(" AND ") : "1 = 1";
  const filterParams = [...params];

  const countRows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS "n" FROM "Sample" WHERE ${filter}`, ...filterParams);
  const total = Number(countRows[0]?.n ?? 0);

  let pageFilter = filter;
  if (query.after !== undefined) {
    const at = `(SELECT "createdAt" FROM "Sample" WHERE "id" = ${param(query.after)})`;
    const at2 = `(SELECT "createdAt" FROM "Sample" WHERE "id" = ${param(query.after)})`;
    pageFilter += ` AND ("createdAt" > ${at} OR ("createdAt" = ${at2} AND "id" > ${param(query.after)}))`;
  }
  const idRows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT "id" FROM "Sample" WHERE ${pageFilter} ORDER BY "createdAt" ASC, "id" ASC LIMIT ${Math.floor(query.take) + 1}`,
    ...params,
  );
  const pageIds = idRows.slice(0, query.take).map((r) => r.id);
  const rows = pageIds.length ? await db.sample.findMany({ where: { id: { in: pageIds } } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items: ReviewListingItem[] = [];
  const inks = new Map<string, Ink | null>();
  for (const id of pageIds) {
    const r = byId.get(id);
    if (!r) continue; // deleted between the two queries
    const ink = parseStoredInk(r.ink);
    inks.set(r.id, ink);
    items.push({
      id: r.id,
      label: r.label,
      writerId: r.writerId,
      source: r.source,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      pointCount: r.pointCount,
      preview: ink ? inkPreview(ink, { maxPoints: previewPoints }) : null,
    });
  }
  return { items, total, next: idRows.length > query.take ? pageIds[pageIds.length - 1] : null, inks };
}

/** The stored ink parsed and validated, or null when it is unreadable (shown as such, never a crash). */
export function parseStoredInk(text: string): Ink | null {
  try {
    const parsed = InkSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
