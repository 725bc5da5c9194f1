"use client";
import { useEffect, useState } from "react";
import type { VersionList, VersionView } from "@/lib/retrain/list-versions";
import type { PromoteRequest, PromoteResponse } from "@/lib/retrain/promote-version";
import type { ModelCardScores, VersionMetrics } from "@/lib/retrain/version-metrics";
import { PROMOTE_GUARD_REL } from "@/lib/retrain/promote-guard";
import styles from "../admin.module.css";
import { AdminApiError, adminFetch, percent } from "./admin-api";
import { BarChart, type Bar } from "./BarChart";
import { Card } from "./Card";
import { percentTick } from "./chart-scale";

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
  if (!data)
    return (
      <Card id="versions-heading" title="Model versions">
        {error ? (
          <p role="alert" className={styles.alert}>
            {error}
          </p>
        ) : (
          <p className={styles.muted}>Loading versions…</p>
        )}
      </Card>
    );
  return (
    <Card
      id="versions-heading"
      title="Model versions"
      aside={
        <p className={styles.muted}>
          Visitors get <strong data-testid="active-version">{data.active || "nothing (no model published)"}</strong>
        </p>
      }
    >
      <p className={styles.muted}>Trained versions are scored as the Write page reads (beam search with its language models; versions trained before that, and model-card numbers, greedily). Compare versions on the same validation set and decoding.</p>
      {error && (
        <p role="alert" className={styles.alert}>
          {error}
        </p>
      )}
      <BarChart
        title="CER by version (lower is better)"
        unit="character error rate"
        data={data.versions.map((v) => versionBar(v, v.version === data.active))}
        formatTickValue={percentTick}
        formatValue={(v) => percent(v)}
        minMax={0.05}
      />
      <div className={styles.tableWrap}>
        <table data-testid="versions-table" className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Validation set</th>
              <th scope="col" className={styles.num}>
                CER
              </th>
              <th scope="col" className={styles.num}>
                Word acc.
              </th>
              <th scope="col" className={styles.num}>
                Line WER
              </th>
              <th scope="col" className={styles.num}>
                Held-out CER (new samples)
              </th>
              <th scope="col">Parent (CER / held-out)</th>
              <th scope="col">Change vs parent (base / new)</th>
              <th scope="col">Data (new/held-out/base)</th>
              <th scope="col">Training</th>
              <th scope="col">
                <span className={styles.srOnly}>Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.versions.map((v) => {
              const m = v.metrics;
              const card = v.modelCard;
              const isActive = v.version === data.active;
              return (
                <tr key={v.version} data-version={v.version} data-active={isActive}>
                  <th scope="row">
                    <span className={styles.mono}>{v.version}</span> {v.shippedDefault && <span className={styles.badge}>shipped</span>}
                    {v.kind === "missing" && (
                      <span className={styles.badge} data-tone="danger">
                        files missing
                      </span>
                    )}
                  </th>
                  {m || !card ? (
                    <>
                      <td>{m?.validationSetId ?? "–"}</td>
                      <td className={styles.num} data-testid="version-cer">
                        {m ? percent(m.validation.cer) : "–"}
                      </td>
                      <td className={styles.num}>{m ? percent(m.validation.wordAccuracy) : "–"}</td>
                      <td className={styles.num}>{m ? percent(m.validation.lineWer) : "–"}</td>
                    </>
                  ) : (
                    <ModelCardCells card={card} />
                  )}
                  <td className={styles.num}>{m?.heldOut ? `${percent(m.heldOut.cer)} (${m.heldOut.samples})` : "–"}</td>
                  <td>{m?.parent ? `${m.parent.version}: ${percent(m.parent.validation?.cer)} / ${percent(m.parent.heldOut?.cer)}` : "–"}</td>
                  <td data-testid="version-change">{m?.parent ? <ChangeVsParent metrics={m} /> : "–"}</td>
                  <td>{m ? `${m.data.newTrain}/${m.data.heldOut}/${m.data.base} (${m.data.baseSource})` : "–"}</td>
                  <td>
                    {m ? `${m.training.mode}, ${m.training.layers}×${m.training.units}, ${m.training.steps} steps, ${m.training.seconds}s` : "–"}
                    {m?.personal && m.personal.writers > 0 && (
                      <span className={styles.muted} data-testid="version-personal">
                        {" "}
                        + personal adaptations for {m.personal.writers} contributing writer{m.personal.writers === 1 ? "" : "s"} ({m.personal.seconds}s)
                      </span>
                    )}
                  </td>
                  <td>
                    {isActive ? (
                      <span className={styles.badge} data-tone="accent">
                        active
                      </span>
                    ) : (
                      <button type="button" className={`${styles.button} ${styles.small}`} disabled={busy || v.kind === "missing"} onClick={() => promote(v.version)}>
                        {v.trainingRunId ? "Promote" : "Activate"} {v.version}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {data.versions.some((v) => v.active) && (
        <div className={styles.toolbar}>
          <button type="button" className={styles.button} disabled={busy} onClick={() => promote(null)}>
            Roll back to the shipped default
          </button>
        </div>
      )}
    </Card>
  );
}

/** A version's bar in the comparison: its validation CER, or the model card's words CER for a shipped version. */
function versionBar(v: VersionView, active: boolean): Bar {
  const fromCard = !v.metrics && v.modelCard ? v.modelCard.wordCer : null;
  const value = v.metrics?.validation.cer ?? fromCard;
  const set = v.metrics ? `validation set ${v.metrics.validationSetId}, ${DECODING_NAMES[v.metrics.decoder]}` : v.modelCard ? `model card: ${v.modelCard.sets}` : "no scores";
  return { label: v.version, value, tone: active ? 3 : 0, note: `${set}${active ? ", active" : ""}` };
}

/** How a trained version's scores were decoded (VersionMetrics.decoder). */
const DECODING_NAMES: Record<VersionMetrics["decoder"], string> = { greedy: "greedy decoding", page: "the page's decoding before the lexicon", "page-lexicon": "the page's decoding with a whole-reading lexicon fallback", "page-soft-lexicon": "the page's decoding (lexicon word by word, both LMs)" };

/** A shipped version's numbers, from its model card: greedy, on the card's words and lines sets (its CER is the words set's). */
function ModelCardCells({ card }: { card: ModelCardScores }) {
  return (
    <>
      <td title="From the version's metrics.json (MODEL_CARD.md), greedy decoding">model card: {card.sets}</td>
      <td className={styles.num} data-testid="version-cer" title="Words, greedy">
        {percent(card.wordCer)}
      </td>
      <td className={styles.num}>{percent(card.wordAccuracy)}</td>
      <td className={styles.num}>{percent(card.lineWer)}</td>
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
      <span data-over-guard={over} className={over ? styles.over : undefined}>
        {over ? "⚠ " : ""}base {signed(base)}
      </span>{" "}
      / new {signed(fresh)}
    </span>
  );
}
