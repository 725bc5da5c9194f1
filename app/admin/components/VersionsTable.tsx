"use client";
import { useEffect, useState } from "react";
import type { VersionList } from "@/lib/retrain/list-versions";
import type { PromoteRequest, PromoteResponse } from "@/lib/retrain/promote-version";
import type { ModelCardScores, VersionMetrics } from "@/lib/retrain/version-metrics";
import { PROMOTE_GUARD_REL } from "@/lib/retrain/promote-guard";
import { AdminApiError, adminFetch, percent } from "./admin-api";

/** Every version with its metrics side by side; promote one (or roll back to an older one). */
export function VersionsTable({ refreshKey, onChanged }: { refreshKey: number; onChanged: () => void }) {
  const [data, setData] = useState<VersionList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    adminFetch<VersionList>("/api/admin/versions").then(setData, (e: Error) => setError(e.message));
  }, [refreshKey]);
  const promote = async (version: string | null, confirm = false) => {
    setBusy(true);
    setError(null);
    try {
      const request: PromoteRequest = confirm ? { version, confirm } : { version };
      await adminFetch<PromoteResponse>("/api/admin/versions/active", { method: "POST", body: request });
      onChanged();
    } catch (e) {
      // The guard: this version reads other writers worse. Say by how much and ask.
      if (e instanceof AdminApiError && e.code === "base_regression" && !confirm && window.confirm(e.message)) {
        setBusy(false);
        return promote(version, true);
      }
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (!data) return error ? <p role="alert">{error}</p> : <p>Loading versions…</p>;
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">Model versions</h2>
      <p>
        Visitors get <strong data-testid="active-version">{data.active || "nothing (no model published)"}</strong>. Scores are greedy-decoding error rates; compare versions on the same validation set.
      </p>
      {error && (
        <p role="alert" style={{ color: "#c0392b" }}>
          {error}
        </p>
      )}
      <table data-testid="versions-table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Validation set</th>
            <th>CER</th>
            <th>Word acc.</th>
            <th>Line WER</th>
            <th>Held-out CER (new samples)</th>
            <th>Parent (CER / held-out)</th>
            <th>Change vs parent (base / new)</th>
            <th>Data (new/held-out/base)</th>
            <th>Training</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.versions.map((v) => {
            const m = v.metrics;
            const card = v.modelCard;
            const isActive = v.version === data.active;
            return (
              <tr key={v.version} data-version={v.version} data-active={isActive}>
                <td>
                  {v.version}
                  {v.shippedDefault && " (shipped)"}
                  {v.kind === "missing" && " (files missing)"}
                </td>
                {m || !card ? (
                  <>
                    <td>{m?.validationSetId ?? "–"}</td>
                    <td data-testid="version-cer">{m ? percent(m.validation.cer) : "–"}</td>
                    <td>{m ? percent(m.validation.wordAccuracy) : "–"}</td>
                    <td>{m ? percent(m.validation.lineWer) : "–"}</td>
                  </>
                ) : (
                  <ModelCardCells card={card} />
                )}
                <td>{m?.heldOut ? `${percent(m.heldOut.cer)} (${m.heldOut.samples})` : "–"}</td>
                <td>{m?.parent ? `${m.parent.version}: ${percent(m.parent.validation?.cer)} / ${percent(m.parent.heldOut?.cer)}` : "–"}</td>
                <td data-testid="version-change">{m?.parent ? <ChangeVsParent metrics={m} /> : "–"}</td>
                <td>{m ? `${m.data.newTrain}/${m.data.heldOut}/${m.data.base} (${m.data.baseSource})` : "–"}</td>
                <td>{m ? `${m.training.mode}, ${m.training.layers}×${m.training.units}, ${m.training.steps} steps, ${m.training.seconds}s` : "–"}</td>
                <td>
                  {isActive ? (
                    <strong>active</strong>
                  ) : (
                    <button type="button" disabled={busy || v.kind === "missing"} onClick={() => promote(v.version)}>
                      {v.trainingRunId ? "Promote" : "Activate"} {v.version}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {data.versions.some((v) => v.active) && (
        <button type="button" disabled={busy} onClick={() => promote(null)}>
          Roll back to the shipped default
        </button>
      )}
    </section>
  );
}

/** A shipped version's numbers, from its model card: greedy, on the card's words and lines sets (its CER is the words set's). */
function ModelCardCells({ card }: { card: ModelCardScores }) {
  return (
    <>
      <td title="From the version's metrics.json (MODEL_CARD.md), greedy decoding">model card: {card.sets}</td>
      <td data-testid="version-cer" title="Words, greedy">
        {percent(card.wordCer)}
      </td>
      <td>{percent(card.wordAccuracy)}</td>
      <td>{percent(card.lineWer)}</td>
    </>
  );
}

const relChange = (now: number | undefined, before: number | undefined | null) => (now === undefined || !before ? null : now / before - 1);
const signed = (v: number | null) => (v === null ? "–" : `${v > 0 ? "+" : ""}${(100 * v).toFixed(1)}%`);

/** Relative CER change against the parent: base validation (must stay within +1%) and the new writers' held-out samples. */
function ChangeVsParent({ metrics }: { metrics: VersionMetrics }) {
  const base = relChange(metrics.validation.cer, metrics.parent?.validation?.cer);
  const fresh = relChange(metrics.heldOut?.cer, metrics.parent?.heldOut?.cer);
  const over = base !== null && base > PROMOTE_GUARD_REL;
  return (
    <span title="Relative change in CER: on the fixed validation set (other writers), and on the held-out new samples">
      <span data-over-guard={over}>{over ? "⚠ " : ""}base {signed(base)}</span> / new {signed(fresh)}
    </span>
  );
}
