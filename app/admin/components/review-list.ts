import type { ReviewQueueItem, ReviewQueuePage } from "@/lib/retrain/review-page";

/**
 * The review queue as the page holds it: the pages loaded so far (cursor pagination from
 * GET /api/admin/review), the item the keyboard is on, and what is left on the server. Pure, so
 * that a decision updates the list in place (no reload of the page, whose readings are slow) and
 * the rules are tested without a browser.
 */
export interface ReviewList {
  readonly items: readonly ReviewQueueItem[];
  /** `after` for the next page; null once the last page is loaded. */
  readonly next: string | null;
  /** Samples matching the filters on the server, less those decided here since. */
  readonly total: number;
  /** Index of the item the keyboard acts on. */
  readonly cursor: number;
  readonly model: string | null;
}

export type StatusFilter = "pending" | "approved" | "rejected" | "all";

/** How close to the end of the loaded items the cursor may come before the next page is asked for. */
export const LOAD_AHEAD = 6;

export const emptyList: ReviewList = { items: [], next: null, total: 0, cursor: 0, model: null };

export function fromFirstPage(page: ReviewQueuePage): ReviewList {
  return { items: page.items, next: page.next, total: page.total, cursor: 0, model: page.model };
}

/** The next page added at the end; an item already listed (it moved while we paged) is not listed twice. */
export function appendPage(list: ReviewList, page: ReviewQueuePage): ReviewList {
  const have = new Set(list.items.map((i) => i.id));
  return { ...list, items: [...list.items, ...page.items.filter((i) => !have.has(i.id))], next: page.next, total: page.total, model: page.model };
}

/**
 * A decision saved on the server, applied here: samples that no longer match the status filter
 * leave the list (the cursor then stands on the one after), the others show their new status or
 * label (a new label's reading is asked for again). Ids not listed are ignored.
 */
export function applyDecision(list: ReviewList, ids: readonly string[], change: { status?: string; label?: string }, filter: StatusFilter): ReviewList {
  const decided = new Set(ids);
  const leaves = (item: ReviewQueueItem) => decided.has(item.id) && change.status !== undefined && filter !== "all" && change.status !== filter;
  const before = list.items.slice(0, list.cursor).filter(leaves).length;
  const items = list.items.flatMap((item) => {
    if (!decided.has(item.id)) return [item];
    if (leaves(item)) return [];
    const relabelled = change.label !== undefined && change.label !== item.label;
    return [{ ...item, ...(change.status !== undefined ? { status: change.status } : {}), ...(relabelled ? { label: change.label!, transcription: null, reading: true } : {}) }];
  });
  const removed = list.items.length - items.length;
  return { ...list, items, total: Math.max(0, list.total - removed), cursor: clampCursor(list.cursor - before, items.length) };
}

/** Readings that were still under way, filled in from a fresh copy of the same stretch of the queue. */
export function mergeReadings(list: ReviewList, page: ReviewQueuePage): ReviewList {
  const fresh = new Map(page.items.map((i) => [i.id, i]));
  let changed = false;
  const items = list.items.map((item) => {
    const f = fresh.get(item.id);
    if (!item.reading || !f || f.reading || f.label !== item.label) return item;
    changed = true;
    return { ...item, transcription: f.transcription, reading: false };
  });
  return changed ? { ...list, items } : list;
}

/**
 * The request that refreshes the readings still under way: from the item before the first one
 * reading (or the start) over as many items as reach the last one reading, at most `maxTake`.
 * Null when nothing is reading. Decided items are gone from the list and from the filter alike,
 * so the server's page lines up with the list.
 */
export function readingsRequest(list: ReviewList, maxTake = 100): { after?: string; take: number } | null {
  const first = list.items.findIndex((i) => i.reading);
  if (first < 0) return null;
  let last = first;
  for (let i = first; i < list.items.length && i - first < maxTake; i++) if (list.items[i].reading) last = i;
  const take = last - first + 1;
  return first === 0 ? { take } : { after: list.items[first - 1].id, take };
}

export function moveCursor(list: ReviewList, by: number): ReviewList {
  return { ...list, cursor: clampCursor(list.cursor + by, list.items.length) };
}

export function setCursor(list: ReviewList, index: number): ReviewList {
  return { ...list, cursor: clampCursor(index, list.items.length) };
}

/** Whether the next page should be fetched now: the cursor is near the end of what is loaded and there is more. */
export function wantsMore(list: ReviewList): boolean {
  return list.next !== null && list.cursor >= list.items.length - LOAD_AHEAD;
}

function clampCursor(index: number, length: number): number {
  return Math.max(0, Math.min(length - 1, index));
}
