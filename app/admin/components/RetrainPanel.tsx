"use client";
import { useCallback, useEffect, useState } from "react";
import { learningRateFor, RetrainConfigSchema, SCRATCH_MODEL_DEFAULTS, type RetrainConfig, type RetrainConfigInput } from "@/lib/retrain/retrain-config";
import { TERMINAL_STATUSES, type RunListResponse, type RunResponse, type RunView } from "@/lib/retrain/serialize-run";
import styles from "../admin.module.css";
import { adminFetch } from "./admin-api";
import { Card } from "./Card";
import { RunProgressView } from "./RunProgressView";

/** The form starts where a bare POST /api/admin/runs would: at the schema's defaults. */
const DEFAULTS: RetrainConfig = RetrainConfigSchema.parse({});

/** Follows one run through server-sent events until it finishes. */
function useRunEvents(runId: string | null, onFinished: () => void): RunView | null {
  const [run, setRun] = useState<RunView | null>(null);
  useEffect(() => {
    if (!runId) return;
    const source = new EventSource(`/api/admin/runs/${runId}/events`);
    source.addEventListener("run", (e) => {
      const next = JSON.parse((e as MessageEvent).data) as RunView;
      setRun(next);
      if (TERMINAL_STATUSES.has(next.status)) {
        source.close();
        onFinished();
      }
    });
    return () => source.close();
  }, [runId, onFinished]);
  return run;
}

/** "Retrain": the config form, the live run, and the run history. */
export function RetrainPanel({ onRunFinished }: { onRunFinished: () => void }) {
  const [runs, setRuns] = useState<RunView[]>([]);
  const [watching, setWatching] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<RetrainConfig["mode"]>(DEFAULTS.mode);
  const [epochs, setEpochs] = useState(DEFAULTS.epochs);
  const [maxSteps, setMaxSteps] = useState(DEFAULTS.maxSteps);
  const [baseShare, setBaseShare] = useState(DEFAULTS.baseShare);
  const [baseData, setBaseData] = useState<RetrainConfig["baseData"]>(DEFAULTS.baseData);
  const [layers, setLayers] = useState<number>(SCRATCH_MODEL_DEFAULTS.layers);
  const [units, setUnits] = useState<number>(SCRATCH_MODEL_DEFAULTS.units);
  const [lr, setLr] = useState("");
  const [evalEvery, setEvalEvery] = useState(DEFAULTS.evalEvery);
  const [trains, setTrains] = useState<RetrainConfig["train"]>(DEFAULTS.train);
  const [personal, setPersonal] = useState(DEFAULTS.personalAdaptations);

  const reload = useCallback(() => {
    adminFetch<RunListResponse>("/api/admin/runs").then(
      (r) => {
        setRuns(r.runs);
        const live = r.runs.find((x) => x.status === "running") ?? r.runs.find((x) => x.status === "queued");
        if (live) setWatching((w) => w ?? live.id);
      },
      (e: Error) => setError(e.message),
    );
  }, []);
  useEffect(reload, [reload]);
  const finished = useCallback(() => {
    reload();
    onRunFinished();
  }, [reload, onRunFinished]);
  const live = useRunEvents(watching, finished);

  const start = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const config: RetrainConfigInput = {
      mode,
      epochs,
      maxSteps,
      baseShare,
      baseData,
      evalEvery,
      personalAdaptations: personal,
      ...(mode === "scratch" ? { model: { layers, units } } : { train: trains }),
      ...(lr.trim() ? { lr: Number(lr) } : {}),
    };
    try {
      const { run } = await adminFetch<RunResponse>("/api/admin/runs", { method: "POST", body: config });
      setWatching(run.id);
      reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const cancel = async (id: string) => {
    try {
      await adminFetch(`/api/admin/runs/${id}/cancel`, { method: "POST", body: {} });
      reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const shown = live && live.id === watching ? live : runs.find((r) => r.id === watching) ?? null;
  const field = (label: string, control: React.ReactNode) => (
    <label className={styles.field}>
      <span className={styles.fieldLabel}>{label}</span>
      {control}
    </label>
  );
  const number = (name: string, value: number, set: (v: number) => void, attrs: { min?: number; max?: number; step?: number }) => (
    <input className={`${styles.control} ${styles.narrow}`} name={name} type="number" inputMode="decimal" value={value} onChange={(e) => set(Number(e.target.value))} {...attrs} />
  );
  return (
    <Card id="retrain-heading" title="Retrain" aside={<p className={styles.muted}>Trains in the background; the new version stays inactive until you promote it.</p>}>
      <form onSubmit={start} className={styles.form}>
        {field(
          "Mode",
          <select className={styles.control} name="mode" value={mode} onChange={(e) => setMode(e.target.value as RetrainConfig["mode"])}>
            <option value="finetune">Fine-tune the active model</option>
            <option value="scratch">Train from scratch</option>
          </select>,
        )}
        {mode === "scratch" && (
          <>
            {field("Layers", number("layers", layers, setLayers, { min: 1, max: 4 }))}
            {field("Units", number("units", units, setUnits, { min: 8, max: 256, step: 4 }))}
          </>
        )}
        {mode === "finetune" &&
          field(
            "What trains",
            <select className={styles.control} name="train" value={trains} onChange={(e) => setTrains(e.target.value as RetrainConfig["train"])}>
              <option value="all">Every weight</option>
              <option value="no-recurrent">All but the recurrent kernels</option>
            </select>,
          )}
        {field("Epochs", number("epochs", epochs, setEpochs, { min: 1, max: 100 }))}
        {field("Max steps (0 = none)", number("maxSteps", maxSteps, setMaxSteps, { min: 0 }))}
        {field("Base data share", number("baseShare", baseShare, setBaseShare, { min: 0, max: 0.95, step: 0.05 }))}
        {field(
          "Base data",
          <select className={styles.control} name="baseData" value={baseData} onChange={(e) => setBaseData(e.target.value as RetrainConfig["baseData"])}>
            <option value="auto">UNIPEN if present (else fixtures)</option>
            <option value="fixtures">Fixtures only (tiny, quick)</option>
          </select>,
        )}
        {field("Eval every (steps, 0 = each epoch)", number("evalEvery", evalEvery, setEvalEvery, { min: 0 }))}
        {field("Learning rate", <input className={`${styles.control} ${styles.narrow}`} name="lr" inputMode="decimal" placeholder={learningRateFor({ ...DEFAULTS, mode }).toExponential()} value={lr} onChange={(e) => setLr(e.target.value)} />)}
        {field(
          "Adapt to each contributing writer",
          <input
            type="checkbox"
            className={styles.checkbox}
            name="personalAdaptations"
            checked={personal}
            onChange={(e) => setPersonal(e.target.checked)}
            title="Writers with 30+ approved samples get a personal adaptation on the new version, served to their Write page (~40 s per writer)"
          />,
        )}
        <button type="submit" className={styles.primary}>
          Start retraining
        </button>
      </form>
      {error && (
        <p role="alert" className={styles.alert}>
          {error}
        </p>
      )}
      {shown && <RunProgressView run={shown} onCancel={() => cancel(shown.id)} />}
      <details className={styles.details}>
        <summary>Run history ({runs.length})</summary>
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Mode</th>
                <th scope="col">Status</th>
                <th scope="col" className={styles.num}>
                  Steps
                </th>
                <th scope="col">Version</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id} data-active={r.id === watching}>
                  <td>
                    <button type="button" className={`${styles.button} ${styles.small} ${styles.mono}`} aria-pressed={r.id === watching} onClick={() => setWatching(r.id)}>
                      {r.id.slice(-8)}
                    </button>
                  </td>
                  <td>{r.config?.mode}</td>
                  <td>{r.status}</td>
                  <td className={styles.num}>{r.progress.step}</td>
                  <td>{r.progress.version ?? "–"}</td>
                  <td>{new Date(r.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </Card>
  );
}
