import { describe, expect, it } from "vitest";
import type { ReviewQueueItem, ReviewQueuePage } from "@/lib/retrain/review-page";
import { appendPage, applyDecision, emptyList, fromFirstPage, LOAD_AHEAD, mergeReadings, moveCursor, readingsRequest, setCursor, wantsMore, type ReviewList } from "./review-list";

const item = (id: string, extra: Partial<ReviewQueueItem> = {}): ReviewQueueItem => ({
  id,
  label: `label ${id}`,
  writerId: "w",
  source: "prompted",
  status: "pending",
  createdAt: "2026-01-01T00:00:00.000Z",
  pointCount: 2,
  preview: null,
  transcription: { text: `label ${id}`, cer: 0 },
  reading: false,
  ...extra,
});
const page = (ids: string[], next: string | null, total = 100, extra: Partial<ReviewQueueItem> = {}): ReviewQueuePage => ({ items: ids.map((id) => item(id, extra)), next, total, model: "v1" });
const ids = (list: ReviewList) => list.items.map((i) => i.id);

describe("paging", () => {
  it("starts at the first page and adds the next ones at the end, each item once", () => {
    let list = fromFirstPage(page(["a", "b", "c"], "c", 5));
    expect(list).toMatchObject({ cursor: 0, next: "c", total: 5, model: "v1" });
    list = appendPage(list, page(["c", "d", "e"], null, 5));
    expect(ids(list)).toEqual(["a", "b", "c", "d", "e"]);
    expect(list.next).toBeNull();
  });

  it("asks for more when the cursor nears the end and there is more", () => {
    const ten = fromFirstPage(page(Array.from({ length: 10 }, (_, i) => `s${i}`), "s9"));
    expect(wantsMore(ten)).toBe(false);
    expect(wantsMore(setCursor(ten, 10 - LOAD_AHEAD))).toBe(true);
    expect(wantsMore({ ...setCursor(ten, 9), next: null })).toBe(false);
    expect(wantsMore(emptyList)).toBe(false);
    expect(wantsMore({ ...emptyList, next: "x" })).toBe(true);
  });

  it("keeps the cursor on the list", () => {
    const list = fromFirstPage(page(["a", "b", "c"], null));
    expect(moveCursor(list, -1).cursor).toBe(0);
    expect(moveCursor(moveCursor(list, 1), 1).cursor).toBe(2);
    expect(moveCursor(setCursor(list, 2), 5).cursor).toBe(2);
    expect(setCursor(emptyList, 3).cursor).toBe(0);
  });
});

describe("applyDecision", () => {
  const list = setCursor(fromFirstPage(page(["a", "b", "c", "d"], "d", 40)), 1);

  it("removes decided samples the filter no longer matches; the cursor moves on to the next one", () => {
    const after = applyDecision(list, ["b"], { status: "approved" }, "pending");
    expect(ids(after)).toEqual(["a", "c", "d"]);
    expect(after.cursor).toBe(1);
    expect(after.items[after.cursor].id).toBe("c");
    expect(after.total).toBe(39);
    expect(after.next).toBe("d");
  });

  it("keeps the cursor on the same sample when ones before it leave", () => {
    const after = applyDecision(setCursor(list, 2), ["a", "b"], { status: "rejected" }, "pending");
    expect(ids(after)).toEqual(["c", "d"]);
    expect(after.items[after.cursor].id).toBe("c");
  });

  it("stays on the last item when the last one leaves, and empties cleanly", () => {
    const last = applyDecision(setCursor(list, 3), ["d"], { status: "approved" }, "pending");
    expect(last.cursor).toBe(2);
    const none = applyDecision(list, ["a", "b", "c", "d"], { status: "approved" }, "pending");
    expect(none).toMatchObject({ items: [], cursor: 0, total: 36 });
    expect(wantsMore(none)).toBe(true);
  });

  it("updates in place what still matches: status under 'all', or a new label", () => {
    const all = applyDecision(list, ["b"], { status: "approved" }, "all");
    expect(ids(all)).toEqual(ids(list));
    expect(all.items[1].status).toBe("approved");
    expect(all.total).toBe(40);
    const relabelled = applyDecision(list, ["c"], { label: "new" }, "pending");
    expect(relabelled.items[2]).toMatchObject({ label: "new", transcription: null, reading: true, status: "pending" });
    const same = applyDecision(list, ["b"], { status: "pending" }, "pending");
    expect(same.items[1]).toEqual(list.items[1]);
  });

  it("ignores ids it does not list", () => {
    expect(applyDecision(list, ["zz"], { status: "approved" }, "pending")).toEqual(list);
  });
});

describe("readings under way", () => {
  const list = fromFirstPage({ items: [item("a"), item("b", { reading: true, transcription: null }), item("c"), item("d", { reading: true, transcription: null }), item("e")], next: null, total: 5, model: "v1" });

  it("asks again for the stretch from the first reading item to the last", () => {
    expect(readingsRequest(list)).toEqual({ after: "a", take: 3 });
    expect(readingsRequest({ ...list, items: list.items.slice(1) })).toEqual({ take: 3 });
    expect(readingsRequest(fromFirstPage(page(["a"], null)))).toBeNull();
    expect(readingsRequest(list, 1)).toEqual({ after: "a", take: 1 });
  });

  it("fills in the readings that came, and nothing else", () => {
    const fresh = { items: [item("b", { transcription: { text: "bee", cer: 0.5 } }), item("c", { transcription: { text: "other", cer: 1 } }), item("d", { reading: true, transcription: null })], next: null, total: 5, model: "v1" };
    const merged = mergeReadings(list, fresh);
    expect(merged.items[1]).toMatchObject({ reading: false, transcription: { text: "bee", cer: 0.5 } });
    expect(merged.items[2]).toBe(list.items[2]);
    expect(merged.items[3].reading).toBe(true);
    expect(mergeReadings(list, page([], null))).toBe(list);
  });

  it("does not take a reading of an older label", () => {
    const relabelled = applyDecision(list, ["b"], { label: "fixed" }, "pending");
    const stale = { items: [item("b", { transcription: { text: "x", cer: 1 } })], next: null, total: 5, model: "v1" };
    expect(mergeReadings(relabelled, stale).items[1].reading).toBe(true);
  });
});
