"use client";
import { useCallback, useEffect, useState } from "react";
import { learningRateFor, RetrainConfigSchema, SCRATCH_MODEL_DEFAULTS, type RetrainConfig, type RetrainConfigInput } from "@/lib/retrain/retrain-config";
import { TERMINAL_STATUSES, type RunListResponse, type RunResponse, type RunView } from "@/lib/retrain/serialize-run";
import { adminFetch } from "./admin-api";
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
      ...(mode === "scratch" ? { model: { layers, units } } : {}),
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
  return (
    <section aria-labelledby="retrain-heading">
      <h2 id="retrain-heading">Retrain</h2>
      <form onSubmit={start} style={{ display: "flex", flexWrap: "wrap", gap: "0.75rem", alignItems: "end" }}>
        <label>
          Mode{" "}
          <select name="mode" value={mode} onChange={(e) => setMode(e.target.value as RetrainConfig["mode"])}>
            <option value="finetune">Fine-tune the active model</option>
            <option value="scratch">Train from scratch</option>
          </select>
        </label>
        {mode === "scratch" && (
          <>
            <label>
              Layers <input name="layers" type="number" min={1} max={4} value={layers} onChange={(e) => setLayers(Number(e.target.value))} style={{ width: 50 }} />
            </label>
            <label>
              Units <input name="units" type="number" min={8} max={256} step={4} value={units} onChange={(e) => setUnits(Number(e.target.value))} style={{ width: 60 }} />
            </label>
          </>
        )}
        <label>
          Epochs <input name="epochs" type="number" min={1} max={100} value={epochs} onChange={(e) => setEpochs(Number(e.target.value))} style={{ width: 60 }} />
        </label>
        <label>
          Max steps (0 = none) <input name="maxSteps" type="number" min={0} value={maxSteps} onChange={(e) => setMaxSteps(Number(e.target.value))} style={{ width: 80 }} />
        </label>
        <label>
          Base data share <input name="baseShare" type="number" min={0} max={0.95} step={0.05} value={baseShare} onChange={(e) => setBaseShare(Number(e.target.value))} style={{ width: 70 }} />
        </label>
        <label>
          Base data{" "}
          <select name="baseData" value={baseData} onChange={(e) => setBaseData(e.target.value as RetrainConfig["baseData"])}>
            <option value="auto">UNIPEN if present (else fixtures)</option>
            <option value="fixtures">Fixtures only (tiny, quick)</option>
          </select>
        </label>
        <label>
          Eval every (steps, 0 = each epoch) <input name="evalEvery" type="number" min={0} value={evalEvery} onChange={(e) => setEvalEvery(Number(e.target.value))} style={{ width: 70 }} />
        </label>
        <label>
          Learning rate <input name="lr" placeholder={learningRateFor({ ...DEFAULTS, mode }).toExponential()} value={lr} onChange={(e) => setLr(e.target.value)} style={{ width: 70 }} />
        </label>
        <button type="submit">Start retraining</button>
      </form>
      {error && (
        <p role="alert" style={{ color: "#c0392b" }}>
          {error}
        </p>
      )}
      {shown && <RunProgressView run={shown} onCancel={() => cancel(shown.id)} />}
      <details>
        <summary>Run history ({runs.length})</summary>
        <table>
          <thead>
            <tr>
              <th>Run</th>
              <th>Mode</th>
              <th>Status</th>
              <th>Steps</th>
              <th>Version</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <button type="button" onClick={() => setWatching(r.id)}>
                    {r.id.slice(-8)}
                  </button>
                </td>
                <td>{r.config?.mode}</td>
                <td>{r.status}</td>
                <td>{r.progress.step}</td>
                <td>{r.progress.version ?? "–"}</td>
                <td>{new Date(r.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
