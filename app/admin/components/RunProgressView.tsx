"use client";
import { TERMINAL_STATUSES, type RunView } from "@/lib/retrain/serialize-run";
import { duration, percent } from "./admin-api";
import { LineChart } from "./LineChart";

/** One run's live state: status, step/epoch, ETA, the loss curve and the validation CER/WER curves. */
export function RunProgressView({ run, onCancel }: { run: RunView; onCancel?: () => void }) {
  const p = run.progress;
  const active = !TERMINAL_STATUSES.has(run.status);
  const fraction = p.totalSteps ? Math.min(1, p.step / p.totalSteps) : 0;
  return (
    <div data-testid="run-progress" data-run-id={run.id} data-status={run.status} style={{ border: "1px solid var(--border)", borderRadius: 8, padding: "0.75rem", marginBlock: "0.75rem" }}>
      <p style={{ margin: 0 }}>
        <strong>Run {run.id.slice(-8)}</strong> · {run.config?.mode ?? "?"} · status <strong data-testid="run-status">{run.status}</strong>
        {run.cancelRequested && active && " (cancelling…)"} · phase {p.phase}
        {active && onCancel && (
          <button type="button" onClick={onCancel} style={{ marginLeft: 12 }}>
            Cancel
          </button>
        )}
      </p>
      <p style={{ margin: "0.25rem 0" }} data-testid="run-numbers">
        step <span data-testid="run-step">{p.step}</span>
        {p.totalSteps ? ` / ${p.totalSteps}` : ""} · epoch {p.epoch.toFixed(2)} / {p.epochs} · loss {p.loss === null ? "–" : p.loss.toFixed(3)} · ETA {duration(p.etaSec)}
        {p.samplesPerSec !== null && ` · ${p.samplesPerSec.toFixed(1)} samples/s`}
      </p>
      <progress max={1} value={fraction} style={{ width: "100%" }} aria-label="training progress" />
      {p.data && (
        <p style={{ margin: "0.25rem 0", color: "var(--muted)" }}>
          {p.data.newTrain} approved samples for training, {p.data.heldOut} held out, {p.data.base} base samples ({p.data.note}) · validation set {p.data.validationSetId}
        </p>
      )}
      <p style={{ margin: "0.25rem 0", color: "var(--muted)" }}>{p.message}</p>
      {run.error && (
        <p role="alert" style={{ color: "#c0392b" }}>
          {run.error}
        </p>
      )}
      {p.version && (
        <p data-testid="run-version">
          Produced version <strong>{p.version}</strong>
        </p>
      )}
      <div style={{ display: "flex", flexWrap: "wrap", gap: "1rem" }}>
        <LineChart title="Training loss" xLabel="steps" series={[{ name: "loss", color: "var(--accent)", points: p.losses }]} />
        <LineChart
          title="Validation"
          xLabel="steps"
          format={(v) => percent(v, 0)}
          series={[
            { name: "CER", color: "#c0392b", points: run.evals.map((e) => [e.step, e.cer] as const) },
            { name: "line WER", color: "#8e44ad", points: run.evals.map((e) => [e.step, e.lineWer] as const) },
          ]}
        />
      </div>
      {run.evals.length > 0 && (
        <p style={{ margin: 0 }}>
          Last evaluation (step {run.evals.at(-1)!.step}): CER {percent(run.evals.at(-1)!.cer)}, word accuracy {percent(run.evals.at(-1)!.wordAccuracy)}, line WER {percent(run.evals.at(-1)!.lineWer)}
        </p>
      )}
    </div>
  );
}
