"use client";

import type { KernelBuild } from "@/lib/model/kernels/wasm-kernels";
import type { Engine } from "@/lib/model/recognizer";
import styles from "./write.module.css";

export type ModelState =
  | { phase: "starting" }
  | { phase: "loading"; loadedBytes: number; totalBytes: number; fromCache: boolean }
  | { phase: "ready"; version: string; engine: Engine; threads: number; kernelBuild: KernelBuild | null; precision: "float" | "int8"; fromCache: boolean; loadMs: number; webAssembly: boolean; offline: boolean }
  | { phase: "error"; title: string; detail: string };

const ENGINE_LABEL: Record<Engine, string> = {
  "wasm-simd": "WebAssembly SIMD",
  tfjs: "TensorFlow.js (JavaScript)",
};

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** Where the recognizer's time went for the last reading (worker-side, ms). */
export interface StageTimings {
  preprocessMs: number;
  networkMs: number;
  decodeMs: number;
}

/** The small status line: load progress, then model version, engine and the last latency. */
export function ModelStatus({ state, latencyMs, stages, onRetry }: { state: ModelState; latencyMs: number | null; stages?: StageTimings; onRetry(): void }) {
  const common = {
    "data-testid": "model-status",
    "data-phase": state.phase,
    "data-latency-ms": latencyMs === null ? undefined : latencyMs.toFixed(1),
    "data-network-ms": stages?.networkMs.toFixed(1),
    "data-decode-ms": stages?.decodeMs.toFixed(1),
    "data-preprocess-ms": stages?.preprocessMs.toFixed(1),
  };
  if (state.phase === "starting")
    return (
      <div className={styles.status} role="status" {...common}>
        Getting the handwriting model ready…
      </div>
    );
  if (state.phase === "loading") {
    const pct = state.totalBytes > 0 ? Math.round((100 * state.loadedBytes) / state.totalBytes) : 0;
    return (
      <div className={styles.status} role="status" {...common}>
        <label className={styles.progressLabel}>
          <span>
            {state.fromCache ? "Loading the model from this device" : "Downloading the handwriting model"}: {megabytes(state.loadedBytes)} of {megabytes(state.totalBytes)} ({pct}%)
          </span>
          <progress className={styles.progress} max={state.totalBytes || 1} value={state.loadedBytes} />
        </label>
      </div>
    );
  }
  if (state.phase === "error")
    return (
      <div className={`${styles.status} ${styles.statusError}`} role="alert" {...common}>
        <p className={styles.messageTitle}>{state.title}</p>
        <p className={styles.messageDetail}>{state.detail}</p>
        <button type="button" className={styles.button} onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  return (
    <div className={styles.status} role="status" {...common} data-version={state.version} data-engine={state.engine} data-threads={state.threads} data-kernels={state.kernelBuild ?? undefined} data-precision={state.precision} data-from-cache={String(state.fromCache)}>
      <span>
        Model <strong>{state.version}</strong>
      </span>
      <span aria-hidden="true"> · </span>
      <span title={state.kernelBuild ? `${state.engine}, ${state.precision} kernels, build "${state.kernelBuild}"` : state.engine}>
        {ENGINE_LABEL[state.engine]}
        {state.kernelBuild ? `, ${state.precision} kernels` : ""}
        {state.threads > 1 ? `, ${state.threads} threads` : ""}
      </span>
      <span aria-hidden="true"> · </span>
      <span>{state.fromCache ? `loaded from this device in ${Math.round(state.loadMs)} ms` : `downloaded in ${Math.round(state.loadMs)} ms`}</span>
      {state.offline && (
        <>
          <span aria-hidden="true"> · </span>
          <span>offline</span>
        </>
      )}
      <span aria-hidden="true"> · </span>
      <span title={stages ? `ink preparation ${stages.preprocessMs.toFixed(1)} ms, network ${stages.networkMs.toFixed(1)} ms, decoding ${stages.decodeMs.toFixed(1)} ms` : undefined}>
        {latencyMs === null ? "write to see the latency" : `last reading ${Math.round(latencyMs)} ms`}
      </span>
      {!state.webAssembly && (
        <p className={styles.notice} role="note">
          WebAssembly is turned off or unsupported in this browser, so recognition runs on a slower JavaScript engine.
        </p>
      )}
    </div>
  );
}
