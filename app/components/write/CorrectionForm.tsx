"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { Ink } from "@/lib/ink/types";
import { anonymousWriterId } from "./writer-id";
import styles from "./write.module.css";

/** Longest label accepted here; a handwritten line is far shorter. The API validates again. */
export const MAX_CORRECTION_LENGTH = 500;

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "failed"; message: string };

/**
 * "That's wrong → correct it": the person types what they actually wrote, and the ink with
 * that label is sent to POST /api/samples as a `corrected` sample for the next training run.
 */
export function CorrectionForm({ ink, initialText, onClose }: { ink: Ink; initialText: string; onClose(): void }) {
  const [text, setText] = useState(initialText);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = useId();

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const trimmed = text.trim();
  const problem = trimmed.length === 0 ? "Type what you wrote." : trimmed.length > MAX_CORRECTION_LENGTH ? `Keep it under ${MAX_CORRECTION_LENGTH} characters.` : null;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (problem || state.kind === "saving") return;
    setState({ kind: "saving" });
    try {
      const res = await fetch("/api/samples", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ id: crypto.randomUUID(), ink, text: trimmed, source: "corrected", writerId: anonymousWriterId(), consent: true }),
      });
      if (res.ok) {
        setState({ kind: "saved" });
        return;
      }
      const body = (await res.json().catch(() => null)) as { error?: unknown; message?: unknown } | null;
      const reason = typeof body?.error === "string" ? body.error : typeof body?.message === "string" ? body.message : `the server answered HTTP ${res.status}`;
      setState({ kind: "failed", message: `Not saved: ${reason}.` });
    } catch {
      setState({ kind: "failed", message: "Not saved: the server could not be reached. Check your connection and try again." });
    }
  }

  if (state.kind === "saved")
    return (
      <div className={`${styles.correction} ${styles.success}`} role="status" data-testid="correction-saved">
        <p className={styles.messageTitle}>Thank you — saved as a training sample.</p>
        <p className={styles.messageDetail}>Your writing, labelled “{trimmed}”, will help the next model read handwriting like yours.</p>
        <button type="button" className={styles.button} onClick={onClose}>
          Done
        </button>
      </div>
    );

  return (
    <form className={styles.correction} onSubmit={save} data-testid="correction-form" aria-label="Correct the transcript">
      <label htmlFor={inputId} className={styles.fieldLabel}>
        What did you write?
      </label>
      <input
        ref={inputRef}
        id={inputId}
        className={styles.input}
        value={text}
        maxLength={MAX_CORRECTION_LENGTH + 50}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        aria-describedby={hintId}
        aria-invalid={problem !== null && text.length > 0}
        onChange={(e) => {
          setText(e.target.value);
          if (state.kind === "failed") setState({ kind: "idle" });
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onClose();
          }
        }}
      />
      <p id={hintId} className={styles.hint}>
        {problem ?? "Saving sends this ink and your text to Inkwell as a training sample (anonymous)."}
      </p>
      {state.kind === "failed" && (
        <p className={styles.errorText} role="alert" data-testid="correction-error">
          {state.message}
        </p>
      )}
      <div className={styles.row}>
        <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={problem !== null || state.kind === "saving"}>
          {state.kind === "saving" ? "Saving…" : "Save correction"}
        </button>
        <button type="button" className={styles.button} onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
