"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ReviewQueuePage } from "@/lib/retrain/review-page";
import type { SampleWithInk } from "@/lib/samples/admin-samples";
import type { SampleDecisionResponse } from "@/lib/samples/review-decisions";
import { adminFetch, percent } from "./admin-api";
import { useDebounced } from "./debounce";
import { InkPreview } from "./InkPreview";

const KEYS = "a approve · r reject · e relabel · j/k or ↓/↑ move · x select · Shift+A / Shift+R apply to the selection";

/**
 * The review queue: each sample's ink, its label and the active model's reading (with CER, so
 * mislabelled samples stand out), decided with one key each, or in bulk on a selection.
 */
export function ReviewQueue() {
  const [status, setStatus] = useState("pending");
  const [q, setQ] = useState("");
  const [writer, setWriter] = useState("");
  // The text boxes update at once; the queue reloads only when typing pauses (or on Enter).
  const [filterQ, flushQ] = useDebounced(q);
  const [filterWriter, flushWriter] = useDebounced(writer);
  const [fullInk, setFullInk] = useState<Pick<SampleWithInk, "id" | "ink"> | null>(null);
  const [page, setPage] = useState<ReviewQueuePage | null>(null);
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string>("");
  const listRef = useRef<HTMLOListElement>(null);

  // Only the latest request may fill the list: a slower answer to an earlier filter (the server
  // waits for the model's readings, so answers take uneven time) must not overwrite a newer one.
  const latestLoad = useRef(0);
  const load = useCallback(() => {
    const params = new URLSearchParams({ status, q: filterQ, writer: filterWriter, take: "24" });
    const ticket = ++latestLoad.current;
    adminFetch<ReviewQueuePage>(`/api/admin/review?${params}`).then(
      (p) => {
        if (ticket !== latestLoad.current) return;
        setPage(p);
        setCursor((c) => Math.min(c, Math.max(0, p.items.length - 1)));
        setError(null);
      },
      (e: Error) => {
        if (ticket === latestLoad.current) setError(e.message);
      },
    );
  }, [status, filterQ, filterWriter]);
  useEffect(load, [load]);
  // Readings of big inks may still be under way on the server's reading thread: ask again
  // shortly, until every listed sample has one.
  useEffect(() => {
    if (!page?.items.some((item) => item.reading)) return;
    const timer = setTimeout(load, 2000);
    return () => clearTimeout(timer);
  }, [page, load]);

  const showFullInk = useCallback((id: string) => {
    adminFetch<SampleWithInk>(`/api/admin/samples/${encodeURIComponent(id)}`).then(
      (sample) => setFullInk({ id, ink: sample.ink }),
      (e: Error) => setError(e.message),
    );
  }, []);

  const decide = useCallback(
    async (ids: string[], change: { status?: string; label?: string }) => {
      if (ids.length === 0) return;
      try {
        const r = await adminFetch<SampleDecisionResponse>("/api/admin/review/decisions", { method: "POST", body: { ids, ...change } });
        setNotice(`${r.updated} sample${r.updated === 1 ? "" : "s"} ${change.label !== undefined ? "relabelled" : change.status}`);
        setSelected(new Set());
        load();
      } catch (e) {
        setError((e as Error).message);
      }
    },
    [load],
  );

  const items = page?.items ?? [];
  const current = items[cursor];

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
      } else if (e.key === "x" && current)
        setSelected((s) => {
          const n = new Set(s);
          if (n.has(current.id)) n.delete(current.id);
          else n.add(current.id);
          return n;
        });
      else if (e.key === "j" || e.key === "ArrowDown") setCursor((c) => Math.min(items.length - 1, c + 1));
      else if (e.key === "k" || e.key === "ArrowUp") setCursor((c) => Math.max(0, c - 1));
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, decide, editing, items.length, selected]);

  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${cursor}"]`)?.scrollIntoView({ block: "nearest" });
  }, [cursor]);

  return (
    <div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          // Enter applies the filters now; when they changed, that reload happens through `load`.
          if (q === filterQ && writer === filterWriter) load();
          flushQ();
          flushWriter();
        }}
        style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap", alignItems: "end" }}>
        <label>
          Status{" "}
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="pending">pending</option>
            <option value="approved">approved</option>
            <option value="rejected">rejected</option>
            <option value="all">all</option>
          </select>
        </label>
        <label>
          Label contains <input name="q" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label>
          Writer <input name="writer" value={writer} onChange={(e) => setWriter(e.target.value)} />
        </label>
      </form>
      <p style={{ color: "var(--muted)" }}>{KEYS}</p>
      <p>
        {page ? `${page.total} samples` : "Loading…"} · transcriptions by {page?.model ?? "no model"} · {selected.size} selected{" "}
        <button type="button" onClick={() => setSelected(new Set(items.map((i) => i.id)))}>
          Select all on page
        </button>{" "}
        <button type="button" disabled={selected.size === 0} onClick={() => decide([...selected], { status: "approved" })}>
          Approve selected
        </button>{" "}
        <button type="button" disabled={selected.size === 0} onClick={() => decide([...selected], { status: "rejected" })}>
          Reject selected
        </button>
      </p>
      <p aria-live="polite" data-testid="review-notice">
        {notice}
      </p>
      {error && (
        <p role="alert" style={{ color: "#c0392b" }}>
          {error}
        </p>
      )}
      <ol ref={listRef} style={{ listStyle: "none", padding: 0, display: "grid", gap: "0.5rem" }} data-testid="review-list">
        {items.map((item, i) => {
          const suspicious = item.transcription && item.transcription.cer > 0.5;
          return (
            <li
              key={item.id}
              data-index={i}
              data-sample-id={item.id}
              aria-current={i === cursor}
              onClick={() => setCursor(i)}
              style={{ display: "flex", gap: "1rem", alignItems: "center", padding: "0.5rem", borderRadius: 6, border: `2px solid ${i === cursor ? "var(--focus)" : "var(--border)"}` }}
            >
              <input
                type="checkbox"
                aria-label={`select ${item.label}`}
                checked={selected.has(item.id)}
                onChange={() =>
                  setSelected((s) => {
                    const n = new Set(s);
                    if (n.has(item.id)) n.delete(item.id);
                    else n.add(item.id);
                    return n;
                  })
                }
              />
              <InkPreview ink={item.preview} label={item.label} />
              <div style={{ flex: 1 }}>
                {editing === item.id ? (
                  <form
                    onSubmit={(e) => {
                      e.preventDefault();
                      setEditing(null);
                      void decide([item.id], { label: draft });
                    }}
                  >
                    <input autoFocus aria-label="new label" value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => e.key === "Escape" && setEditing(null)} />
                    <button type="submit">Save</button>
                  </form>
                ) : (
                  <div style={{ fontSize: "1.2rem" }} data-testid="sample-label">
                    {item.label}
                  </div>
                )}
                <div style={{ color: suspicious ? "#c0392b" : "var(--muted)" }}>
                  {item.reading ? "model: reading…" : <>model: “{item.transcription?.text ?? "–"}” · CER {percent(item.transcription?.cer)}</>}
                  {suspicious && " · check the label"}
                </div>
                <div style={{ color: "var(--muted)", fontSize: "0.85rem" }}>
                  {item.status} · {item.source} · writer {item.writerId} · {item.pointCount} points{" "}
                  {fullInk?.id === item.id ? (
                    <button type="button" onClick={() => setFullInk(null)}>
                      Hide full ink
                    </button>
                  ) : (
                    <button type="button" onClick={() => showFullInk(item.id)}>
                      Show full ink
                    </button>
                  )}
                </div>
                {fullInk?.id === item.id && <InkPreview ink={fullInk.ink} label={item.label} width={720} height={240} />}
              </div>
              <button type="button" onClick={() => decide([item.id], { status: "approved" })}>
                Approve
              </button>
              <button type="button" onClick={() => decide([item.id], { status: "rejected" })}>
                Reject
              </button>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
