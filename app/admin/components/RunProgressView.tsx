"use client";
import { runEstimate } from "@/lib/retrain/run-eta";
import { TERMINAL_STATUSES, type RunView } from "@/lib/retrain/serialize-run";
import styles from "../admin.module.css";
import { duration, percent } from "./admin-api";
import { percentTick } from "./chart-scale";
import { LineChart, type Series } from "./LineChart";
import { ProgressBar } from "./ProgressBar";
import { useNow } from "./use-now";

const STATUS_TONE: Record<string, "accent" | "danger" | undefined> = { running: "accent", queued: "accent", failed: "danger", cancelled: "danger" };

/** A held-out score's curve over the evaluations that have it (fine-tunes; older runs lack the loss), or null when none does. */
function heldOutSeries(evals: RunView["evals"], key: "heldOutCer" | "heldOutLoss", name: string): Series | null {
  const points = evals.flatMap((e) => (typeof e[key] === "number" ? [[e.step, e[key]] as const] : []));
  return points.length ? { name, tone: 3, points } : null;
}

/** One run's live state: status, a progress bar with the ETA, step/epoch/loss, the loss curve and the validation curves. */
export function RunProgressView({ run, onCancel }: { run: RunView; onCancel?: () => void }) {
  const p = run.progress;
  const active = !TERMINAL_STATUSES.has(run.status);
  const now = useNow(active);
  const estimate = runEstimate(run.status, p, now);
  const validation: Series[] = [
    { name: "CER", tone: 1, points: run.evals.map((e) => [e.step, e.cer] as const) },
    { name: "line WER", tone: 2, points: run.evals.map((e) => [e.step, e.lineWer] as const) },
  ];
  const heldOutCer = heldOutSeries(run.evals, "heldOutCer", "held-out CER");
  if (heldOutCer) validation.push(heldOutCer);
  // A fine-tune keeps the guarded evaluation with the lowest held-out loss, so the admin sees that curve beside training's.
  const lossSeries: Series[] = [{ name: "loss", tone: 0, points: p.losses }];
  const heldOutLoss = heldOutSeries(run.evals, "heldOutLoss", "held-out loss");
  if (heldOutLoss) lossSeries.push(heldOutLoss);
  const last = run.evals.at(-1);
  return (
    <div data-testid="run-progress" data-run-id={run.id} data-status={run.status} className={styles.card}>
      <div className={styles.cardHeader}>
        <h3 className={styles.cardTitle}>
          Run <span className={styles.mono}>{run.id.slice(-8)}</span>
        </h3>
        <div className={styles.toolbar}>
          <span className={styles.badge}>{run.config?.mode ?? "?"}</span>
          <span className={styles.badge} data-tone={STATUS_TONE[run.status]}>
            <span data-testid="run-status">{run.status}</span>
            {run.cancelRequested && active && " (cancelling…)"}
          </span>
          {active && onCancel && (
            <button type="button" className={`${styles.button} ${styles.small} ${styles.dangerButton}`} onClick={onCancel} disabled={run.cancelRequested}>
              Cancel run
            </button>
          )}
        </div>
      </div>
      <ProgressBar fraction={estimate.fraction} label="Training progress" testId="run-progress-bar">
        <span>
          {estimate.stage}
          {estimate.fraction !== null && ` · ${Math.round(100 * estimate.fraction)}%`}
        </span>
        <span data-testid="run-eta">{active ? `ETA ${estimate.etaSec === null ? "–" : duration(estimate.etaSec)}` : run.finishedAt ? `finished ${new Date(run.finishedAt).toLocaleTimeString()}` : ""}</span>
      </ProgressBar>
      <p className={styles.text} data-testid="run-numbers">
        step <strong data-testid="run-step">{p.step}</strong>
        {p.totalSteps ? ` / ${p.totalSteps}` : ""} · epoch {p.epoch.toFixed(2)} / {p.epochs} · loss {p.loss === null ? "–" : p.loss.toFixed(3)}
        {p.samplesPerSec !== null && ` · ${p.samplesPerSec.toFixed(1)} samples/s`}
      </p>
      {p.data && (
        <p className={styles.muted}>
          {p.data.newTrain} approved samples for training, {p.data.heldOut} held out, {p.data.base} base samples ({p.data.note}) · validation set {p.data.validationSetId}
          {(p.data.multiLineSplit > 0 || p.data.multiLineSkipped > 0) && (
            <span data-testid="run-multi-line">
              {" "}
              · notes: {p.data.multiLineSplit} split into their lines, {p.data.multiLineSkipped} skipped (their lines did not match the label; the job log names them)
            </span>
          )}
        </p>
      )}
      <p className={styles.muted}>{p.message}</p>
      {run.error && (
        <p role="alert" className={styles.alert}>
          {run.error}
        </p>
      )}
      {p.version && (
        <p className={styles.success} data-testid="run-version">
          Produced version <strong>{p.version}</strong> (inactive until promoted below)
        </p>
      )}
      <div className={styles.charts}>
        <LineChart title="Training loss" xLabel="step" yLabel="CTC loss" series={lossSeries} formatValue={(v) => v.toFixed(3)} />
        <LineChart title="Validation" xLabel="step" yLabel="error rate (lower is better)" formatTickY={percentTick} formatValue={(v) => percent(v)} series={validation} />
      </div>
      {last && (
        <p className={styles.muted}>
          Last evaluation (step {last.step}): CER {percent(last.cer)}, word accuracy {percent(last.wordAccuracy)}, line WER {percent(last.lineWer)}
        </p>
      )}
    </div>
  );
}
