"use client";
import { useRef, useState } from "react";
import { IAM_NOT_IMPORTABLE, IMPORT_LIMITS, type ImportStatus } from "@/lib/samples/import-limits";
import type { ImportSummary } from "@/lib/samples/import-samples";
import styles from "../admin.module.css";
import { Card } from "./Card";
import { ProgressBar } from "./ProgressBar";
import { UploadAbortedError, uploadWithProgress, type Upload } from "./upload-with-progress";

type ImportableFormat = keyof typeof IMPORT_LIMITS;
const FORMAT_NAMES: Record<ImportableFormat, string> = { jsonl: "Dataset JSONL", inkml: "InkML" };
const mib = (bytes: number) => `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
const LIMITS_TEXT = (Object.keys(IMPORT_LIMITS) as ImportableFormat[]).map((f) => `${FORMAT_NAMES[f]} up to ${mib(IMPORT_LIMITS[f].maxBytes)}`).join(", ");

type ImportState =
  | { phase: "idle" }
  | { phase: "uploading"; sent: number; total: number }
  | { phase: "done"; summary: ImportSummary }
  | { phase: "failed"; message: string };

/** "Import a dataset": upload a JSONL or InkML file as imported samples, with progress, cancel and the bad lines. */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportableFormat>("jsonl");
  const [status, setStatus] = useState<ImportStatus>("pending");
  const [state, setState] = useState<ImportState>({ phase: "idle" });
  const upload = useRef<Upload<ImportSummary> | null>(null);

  const start = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return;
    // The server enforces the limit too; checking here saves uploading 64 MiB to hear "too large".
    if (file.size > IMPORT_LIMITS[format].maxBytes) {
      setState({ phase: "failed", message: `${file.name} is ${mib(file.size)}; ${FORMAT_NAMES[format]} files may be at most ${mib(IMPORT_LIMITS[format].maxBytes)}. Split it.` });
      return;
    }
    setState({ phase: "uploading", sent: 0, total: file.size });
    upload.current = uploadWithProgress<ImportSummary>(`/api/admin/import?format=${format}&status=${status}`, file, (sent, total) =>
      setState({ phase: "uploading", sent, total }),
    );
    try {
      setState({ phase: "done", summary: await upload.current.done });
    } catch (e) {
      const message =
        e instanceof UploadAbortedError
          ? "Cancelled. Records stored before the cancel are kept, each whole; import the file again to finish (stored records are recognised)."
          : (e as Error).message;
      setState({ phase: "failed", message });
    } finally {
      upload.current = null;
      onImported();
    }
  };

  const uploading = state.phase === "uploading";
  return (
    <Card id="import-heading" title="Import a dataset">
      <p className={styles.text}>
        Records become samples with source “imported”, checked like contributions (ink limits, labels in the model’s charset). Limits: {LIMITS_TEXT}.
      </p>
      <p className={styles.muted}>IAM-OnDB XML cannot be imported: {IAM_NOT_IMPORTABLE}</p>
      <form onSubmit={start} className={styles.form}>
        <label className={styles.field}>
          <span className={styles.fieldLabel}>File</span>
          <input className={styles.fileControl} type="file" data-testid="import-file" accept=".jsonl,.ndjson,.inkml,.xml" disabled={uploading} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <label className={styles.field}>
          <span className={styles.fieldLabel}>Format</span>
          <select className={styles.control} data-testid="import-format" value={format} disabled={uploading} onChange={(e) => setFormat(e.target.value as ImportableFormat)}>
            {(Object.keys(FORMAT_NAMES) as ImportableFormat[]).map((f) => (
              <option key={f} value={f}>
                {FORMAT_NAMES[f]} (≤ {mib(IMPORT_LIMITS[f].maxBytes)})
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          <span className={styles.fieldLabel}>Status</span>
          <select className={styles.control} data-testid="import-status" value={status} disabled={uploading} onChange={(e) => setStatus(e.target.value as ImportStatus)}>
            <option value="pending">pending (review first)</option>
            <option value="approved">approved</option>
          </select>
        </label>
        <button type="submit" className={styles.primary} disabled={!file || uploading}>
          Import
        </button>
        {uploading && (
          <button type="button" className={`${styles.button} ${styles.dangerButton}`} data-testid="import-cancel" onClick={() => upload.current?.abort()}>
            Cancel
          </button>
        )}
      </form>
      {uploading && (
        <ProgressBar fraction={state.total ? state.sent / state.total : 0} label="Upload progress" testId="import-progress">
          <span>
            {mib(state.sent)} of {mib(state.total)} sent
          </span>
          <span>{state.sent >= state.total && state.total > 0 ? "storing…" : `${Math.round((100 * state.sent) / (state.total || 1))}%`}</span>
        </ProgressBar>
      )}
      {state.phase === "failed" && (
        <p role="alert" className={styles.alert}>
          {state.message}
        </p>
      )}
      {state.phase === "done" && <ImportResult summary={state.summary} />}
    </Card>
  );
}

function ImportResult({ summary }: { summary: ImportSummary }) {
  const unlisted = summary.rejectedCount - summary.rejected.length;
  return (
    <div data-testid="import-result" className={summary.rejectedCount > 0 ? styles.alert : styles.success}>
      <p className={styles.text}>
        Stored <strong data-testid="import-stored">{summary.stored}</strong> new samples ({summary.alreadyStored} were stored by an earlier import);{" "}
        <strong data-testid="import-rejected-count">{summary.rejectedCount}</strong> rejected.
      </p>
      {summary.rejected.length > 0 && (
        <ul data-testid="import-rejected" className={styles.list}>
          {summary.rejected.map((r, i) => (
            <li key={i}>
              line {r.line}: {r.reason}
            </li>
          ))}
        </ul>
      )}
      {unlisted > 0 && <p className={styles.text}>…and {unlisted} more rejected lines.</p>}
    </div>
  );
}
