"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ReviewQueuePage } from "@/lib/retrain/review-page";
import type { SampleWithInk } from "@/lib/samples/admin-samples";
import type { SampleDecisionResponse } from "@/lib/samples/review-decisions";
import styles from "../admin.module.css";
import { adminFetch, percent } from "./admin-api";
import { useDebounced } from "./debounce";
import { InkPreview } from "./InkPreview";
import { appendPage, applyDecision, emptyList, fromFirstPage, mergeReadings, moveCursor, readingsRequest, setCursor, wantsMore, type ReviewList, type StatusFilter } from "./review-list";

/** Samples per request: a screenful or two; the next page comes as the cursor nears the end. */
const PAGE_SIZE = 24;

const KEYS: [string, string][] = [
  ["a", "approve"],
  ["r", "reject"],
  ["e", "relabel"],
  ["j / ↓", "next"],
  ["k / ↑", "previous"],
  ["x", "select"],
  ["Shift+A / Shift+R", "approve / reject the selection"],
];

/**
 * The review queue: each sample's ink, its label and the active model's reading (with CER, so
 * mislabelled samples stand out), decided with one key each, or in bulk on a selection. Works on
 * any queue length: pages come from the server by cursor as the keyboard nears the end of what
 * is loaded, a decision updates the list in place (review-list.ts) instead of reloading it, and
 * the text filters reload only when typing pauses.
 */
export function ReviewQueue() {
  const [status, setStatus] = useState<StatusFilter>("pending");
  const [q, setQ] = useState("");
  const [writer, setWriter] = useState("");
  // The text boxes update at once; the queue reloads only when typing pauses (or on Enter).
  const [filterQ, flushQ] = useDebounced(q);
  const [filterWriter, flushWriter] = useDebounced(writer);
  const [fullInk, setFullInk] = useState<Pick<SampleWithInk, "id" | "ink"> | null>(null);
  const [list, setList] = useState<ReviewList>(emptyList);
  const [loaded, setLoaded] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>("");
  const listRef = useRef<HTMLOListElement>(null);

  // One generation per filter: answers for an older filter (the server waits for the model's
  // readings, so answers take uneven time) must not fill the list of a newer one.
  const generation = useRef(0);
  const query = useCallback((extra: { after?: string; take?: number } = {}) => {
    const params = new URLSearchParams({ status, q: filterQ, writer: filterWriter, take: String(extra.take ?? PAGE_SIZE) });
    if (extra.after) params.set("after", extra.after);
    return adminFetch<ReviewQueuePage>(`/api/admin/review?${params}`);
  }, [status, filterQ, filterWriter]);

  const loadFirst = useCallback(() => {
    const ticket = ++generation.current;
    query().then(
      (p) => {
        if (ticket !== generation.current) return;
        setList(fromFirstPage(p));
        setSelected(new Set());
        setLoaded(true);
        setLoadingMore(false);
      },
      (e: Error) => {
        if (ticket === generation.current) setError(e.message);
      },
    );
  }, [query]);
  useEffect(() => {
    setError(null);
    loadFirst();
  }, [loadFirst]);

  const loadMore = useCallback(() => {
    if (!list.next || loadingMore) return;
    const ticket = generation.current;
    setLoadingMore(true);
    query({ after: list.next }).then(
      (p) => {
        if (ticket !== generation.current) return;
        setList((l) => appendPage(l, p));
        setLoadingMore(false);
      },
      (e: Error) => {
        if (ticket !== generation.current) return;
        setLoadingMore(false);
        setError(e.message);
      },
    );
  }, [list.next, loadingMore, query]);
  // The next page arrives before the keyboard reaches the end of this one (not again after a
  // failure: the button below retries).
  useEffect(() => {
    if (loaded && !error && wantsMore(list)) loadMore();
  }, [loaded, error, list, loadMore]);

  // Readings of big inks may still be under way on the server's reading thread: ask again for
  // just that stretch of the queue shortly, until every listed sample has one.
  const pendingReadings = readingsRequest(list);
  const readingsKey = pendingReadings ? `${pendingReadings.after ?? ""}:${pendingReadings.take}` : null;
  // Counts the refreshes, so that one that brought nothing new schedules the next.
  const [readingsRound, setReadingsRound] = useState(0);
  useEffect(() => {
    if (!readingsKey) return;
    const [after, take] = readingsKey.split(":");
    const ticket = generation.current;
    const next = () => ticket === generation.current && setReadingsRound((r) => r + 1);
    const timer = setTimeout(() => {
      query({ after: after || undefined, take: Number(take) }).then((p) => {
        if (ticket === generation.current) setList((l) => mergeReadings(l, p));
        next();
      }, next);
    }, 2000);
    return () => clearTimeout(timer);
  }, [readingsKey, readingsRound, query]);

  const showFullInk = useCallback((id: string) => {
    adminFetch<SampleWithInk>(`/api/admin/samples/${encodeURIComponent(id)}`).then(
      (sample) => setFullInk({ id, ink: sample.ink }),
      (e: Error) => setError(e.message),
    );
  }, []);

  const decide = useCallback(
    async (ids: string[], change: { status?: string; label?: string }) => {
      if (ids.length === 0) return;
      // Applied at once, so the next key acts on the next sample; a refusal reloads the truth.
      setList((l) => applyDecision(l, ids, change, status));
      setSelected((s) => (ids.some((id) => s.has(id)) ? new Set([...s].filter((id) => !ids.includes(id))) : s));
      try {
        const r = await adminFetch<SampleDecisionResponse>("/api/admin/review/decisions", { method: "POST", body: { ids, ...change } });
        setNotice(`${r.updated} sample${r.updated === 1 ? "" : "s"} ${change.label !== undefined ? "relabelled" : change.status}`);
        setError(null);
      } catch (e) {
        setError(`${(e as Error).message} The list was reloaded.`);
        loadFirst();
      }
    },
    [status, loadFirst],
  );

  const items = list.items;
  const current = items[list.cursor];
  const toggle = useCallback(
    (id: string) =>
      setSelected((s) => {
        const n = new Set(s);
        if (n.has(id)) n.delete(id);
        else n.add(id);
        return n;
      }),
    [],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (editing || (e.target as HTMLElement).closest("input, select, textarea")) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const sel = [...selected];
      if (e.key === "A" && e.shiftKey) void decide(sel, { status: "approved" });
      else if (e.key === "R" && e.shiftKey) void decide(sel, { status: "rejected" });
      else if (e.key === "a" && current) void decide([current.id], { status: "approved" });
      else if (e.key === "r" && current) void decide([current.id], { status: "rejected" });
      else if (e.key === "e" && current) {
        setEditing(current.id);
        setDraft(current.label);
      } else if (e.key === "x" && current) toggle(current.id);
      else if (e.key === "j" || e.key === "ArrowDown") setList((l) => moveCursor(l, 1));
      else if (e.key === "k" || e.key === "ArrowUp") setList((l) => moveCursor(l, -1));
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, decide, editing, selected, toggle]);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${list.cursor}"]`)?.scrollIntoView({ block: "nearest" });
  }, [list.cursor]);

  return (
    <>
      <section aria-label="Filters" className={styles.card}>
        <form
          className={styles.form}
          onSubmit={(e) => {
            e.preventDefault();
            // Enter applies the filters now; when they changed, that reload happens through `loadFirst`.
            if (q === filterQ && writer === filterWriter) loadFirst();
            flushQ();
            flushWriter();
          }}
        >
          <label className={styles.field}>
            <span className={styles.fieldLabel}>Status</span>
            <select className={styles.control} name="status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
              <option value="pending">pending</option>
              <option value="approved">approved</option>
              <option value="rejected">rejected</option>
              <option value="all">all</option>
            </select>
          </label>
          <label className={styles.field}>
            <span className={styles.fieldLabel}>Label contains</span>
            <input className={styles.control} name="q" value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
          <label className={styles.field}>
            <span className={styles.fieldLabel}>Writer</span>
            <input className={styles.control} name="writer" value={writer} onChange={(e) => setWriter(e.target.value)} />
          </label>
        </form>
        <p className={styles.keys} aria-label="Keyboard shortcuts">
          {KEYS.map(([key, what]) => (
            <span key={key}>
              <kbd className={styles.kbd}>{key}</kbd> {what}
            </span>
          ))}
        </p>
      </section>
      <div className={styles.toolbar}>
        <p className={styles.text} data-testid="review-count">
          {loaded ? `${list.total.toLocaleString("en")} samples (${items.length} loaded)` : "Loading…"} · transcriptions by {list.model ?? "no model"} · {selected.size} selected
        </p>
        <button type="button" className={`${styles.button} ${styles.small}`} onClick={() => setSelected(new Set(items.map((i) => i.id)))}>
          Select all loaded
        </button>
        <button type="button" className={`${styles.button} ${styles.small}`} disabled={selected.size === 0} onClick={() => decide([...selected], { status: "approved" })}>
          Approve selected
        </button>
        <button type="button" className={`${styles.button} ${styles.small} ${styles.dangerButton}`} disabled={selected.size === 0} onClick={() => decide([...selected], { status: "rejected" })}>
          Reject selected
        </button>
      </div>
      <p aria-live="polite" data-testid="review-notice" className={styles.live}>
        {notice}
      </p>
      {error && (
        <p role="alert" className={styles.alert}>
          {error}
        </p>
      )}
      {loaded && items.length === 0 && !list.next && <p className={styles.empty}>Nothing to review with these filters.</p>}
      <ol ref={listRef} className={styles.reviewList} data-testid="review-list">
        {items.map((item, i) => {
          const suspicious = item.transcription !== null && item.transcription.cer > 0.5;
          return (
            <li key={item.id} data-index={i} data-sample-id={item.id} aria-current={i === list.cursor} data-selected={selected.has(item.id)} className={styles.reviewItem} onClick={() => setList((l) => setCursor(l, i))}>
              <input type="checkbox" className={styles.checkbox} aria-label={`select ${item.label}`} checked={selected.has(item.id)} onChange={() => toggle(item.id)} />
              <InkPreview ink={item.preview} label={item.label} />
              <div className={styles.reviewBody}>
                {editing === item.id ? (
                  <form
                    className={styles.inlineForm}
                    onSubmit={(e) => {
                      e.preventDefault();
                      setEditing(null);
                      void decide([item.id], { label: draft });
                    }}
                  >
                    <input className={styles.control} autoFocus aria-label="new label" value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => e.key === "Escape" && setEditing(null)} />
                    <button type="submit" className={`${styles.primary} ${styles.small}`}>
                      Save
                    </button>
                  </form>
                ) : (
                  <p className={styles.reviewLabel} data-testid="sample-label">
                    {item.label}
                  </p>
                )}
                <p className={styles.reviewReading} data-suspicious={suspicious}>
                  {item.reading ? "model: reading…" : <>model: “{item.transcription?.text ?? "–"}” · CER {percent(item.transcription?.cer)}</>}
                  {suspicious && " · check the label"}
                </p>
                <p className={styles.muted}>
                  {item.status} · {item.source} · writer <span className={styles.mono}>{item.writerId}</span> · {item.pointCount} points
                </p>
                {fullInk?.id === item.id && (
                  <div className={styles.fullInk}>
                    <InkPreview ink={fullInk.ink} label={item.label} width={720} height={240} />
                  </div>
                )}
              </div>
              <div className={styles.reviewActions}>
                <button type="button" className={`${styles.button} ${styles.small}`} onClick={() => decide([item.id], { status: "approved" })}>
                  Approve
                </button>
                <button type="button" className={`${styles.button} ${styles.small} ${styles.dangerButton}`} onClick={() => decide([item.id], { status: "rejected" })}>
                  Reject
                </button>
                <button type="button" className={`${styles.button} ${styles.small}`} onClick={() => (fullInk?.id === item.id ? setFullInk(null) : showFullInk(item.id))}>
                  {fullInk?.id === item.id ? "Hide full ink" : "Show full ink"}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      {list.next && (
        <div className={styles.pager}>
          <button type="button" className={styles.button} disabled={loadingMore} onClick={loadMore}>
            {loadingMore ? "Loading…" : `Load ${PAGE_SIZE} more`}
          </button>
          <span className={styles.muted}>{Math.max(0, list.total - items.length).toLocaleString("en")} not loaded yet</span>
        </div>
      )}
    </>
  );
}
