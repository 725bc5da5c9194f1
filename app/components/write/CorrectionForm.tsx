"use client";

import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import type { Ink } from "@/lib/ink/types";
import { SUBMISSION_LIMITS } from "@/lib/samples/sample-submission-schema";
import { recordContributionConsent } from "../contribute/consent";
import { submitSample } from "../contribute/submit-sample";
import { addPersonalSample } from "./personal-store";
import { anonymousWriterId } from "./writer-id";
import styles from "./write.module.css";

/** Longest label accepted: the submission schema's, so the form and the API agree. */
export const MAX_CORRECTION_LENGTH = SUBMISSION_LIMITS.maxLabelChars;

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; shared: boolean; localError: string | null } | { kind: "failed"; message: string };

/**
 * "That's wrong → correct it": the person types what they actually wrote. The ink and that
 * text are kept on this device, where they teach this writer's own recognizer (personal
 * adaptation), and, if the person agrees to share, sent to POST /api/samples as a `corrected`
 * sample for the shared model. One id per correction, kept across retries, so a retried send
 * is never stored twice. In a note it corrects one line: that line's strokes with that line's
 * text, the shape of sample that retraining and the personal adaptation learn from (one line of
 * ink, its exact label) without depending on how the note was segmented.
 */
export function CorrectionForm({
  ink,
  initialText,
  lineNumber = null,
  onClose,
  onSavedLocally,
  onSaved,
}: {
  /** The ink corrected: the whole ink for a word or a line, one line's strokes in a note. */
  ink: Ink;
  initialText: string;
  /** Which line of a note this corrects (1-based), or null for a word or a single line. */
  lineNumber?: number | null;
  onClose(): void;
  onSavedLocally?(): void;
  /** The correction was kept (on this device, or sent): the page shows it in place of the reading. */
  onSaved?(text: string): void;
}) {
  const [text, setText] = useState(initialText);
  const [share, setShare] = useState(true);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const inputRef = useRef<HTMLInputElement>(null);
  const sampleId = useRef<string>("");
  const savedLocally = useRef(false);
  const inputId = useId();
  const hintId = useId();

  useEffect(() => {
    sampleId.current = crypto.randomUUID();
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const trimmed = text.trim();
  const length = [...trimmed].length;
  const problem = length === 0 ? "Type what you wrote." : length > MAX_CORRECTION_LENGTH ? `Keep it to ${MAX_CORRECTION_LENGTH} characters.` : null;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (problem || state.kind === "saving") return;
    setState({ kind: "saving" });
    // 1. On this device, for this writer's own recognizer.
    let localError: string | null = null;
    if (!savedLocally.current) {
      try {
        await addPersonalSample({ id: sampleId.current, ink: ink as Parameters<typeof addPersonalSample>[0]["ink"], text: trimmed, source: "corrected" });
        savedLocally.current = true;
        onSavedLocally?.();
      } catch (err) {
        localError = (err as Error).message;
      }
    }
    // 2. With the person's agreement, to Inkwell for the shared model.
    if (savedLocally.current) onSaved?.(trimmed);
    if (!share) {
      setState(savedLocally.current ? { kind: "saved", shared: false, localError: null } : { kind: "failed", message: `Not saved on this device: ${localError}.` });
      return;
    }
    recordContributionConsent();
    const outcome = await submitSample({ id: sampleId.current, ink, text: trimmed, source: "corrected", writerId: anonymousWriterId() });
    if (outcome.ok) {
      if (!savedLocally.current) onSaved?.(trimmed);
      setState({ kind: "saved", shared: true, localError });
    }
    else setState({ kind: "failed", message: `${savedLocally.current ? "Kept on this device, but not sent" : "Not saved"}: ${outcome.message}` });
  }

  if (state.kind === "saved")
    return (
      <div className={`${styles.correction} ${styles.success}`} role="status" data-testid="correction-saved">
        <p className={styles.messageTitle}>Thank you — saved.</p>
        <p className={styles.messageDetail}>
          {state.localError
            ? `Sent to Inkwell, but this browser could not keep it (${state.localError}).`
            : `Kept on this device, where it teaches Inkwell your handwriting${state.shared ? `, and sent to Inkwell as a training sample labelled “${trimmed}”` : ""}.`}
        </p>
        <button type="button" className={styles.button} onClick={onClose}>
          Done
        </button>
      </div>
    );

  return (
    <form className={styles.correction} onSubmit={save} data-testid="correction-form" aria-label={lineNumber === null ? "Correct the transcript" : `Correct line ${lineNumber} of the transcript`}>
      <label htmlFor={inputId} className={styles.fieldLabel}>
        {lineNumber === null ? "What did you write?" : `What did you write on line ${lineNumber}?`}
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
        {problem ?? "Saving keeps this ink and your text on this device, so Inkwell learns your handwriting."}
      </p>
      <label className={styles.checkboxLabel}>
        <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} data-testid="correction-share" />
        Also send it to Inkwell (anonymous) to improve the shared model
      </label>
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
