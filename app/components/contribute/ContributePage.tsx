"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { createInkCapture, type InkCapture } from "@/lib/ink/capture";
import type { Ink } from "@/lib/ink/types";
import { anonymousWriterId } from "../write/writer-id";
import { hasContributionConsent, recordContributionConsent } from "./consent";
import { ConsentNotice } from "./ConsentNotice";
import styles from "./contribute.module.css";
import { submitSample } from "./submit-sample";
import { PERSONALIZE_MIN_SAMPLES } from "@/lib/adapt/personal-sample";
import { addPersonalSample, countPersonalSamples } from "../write/personal-store";
import { splitLabelledLines } from "@/lib/ink/lines/split-labelled-lines";
import type { PromptKind } from "@/lib/samples/choose-prompt";

interface Prompt {
  readonly text: string;
  /** A note's lines are joined by "\n" and written one under the other. */
  readonly kind: PromptKind;
}

type Status = { readonly kind: "idle" | "busy" | "ok" | "error"; readonly message: string };

/**
 * /contribute: write the prompted text, send it, get the next one. The running count is the
 * server's count for this browser's anonymous writer id.
 */
export function ContributePage() {
  const [consented, setConsented] = useState<boolean | null>(null);
  const [writerId, setWriterId] = useState<string | null>(null);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [contributions, setContributions] = useState<number | null>(null);
  /** This writer's samples kept on this device (null: no local database here). */
  const [localSamples, setLocalSamples] = useState<number | null>(null);
  const [strokeCount, setStrokeCount] = useState(0);
  const [status, setStatus] = useState<Status>({ kind: "idle", message: "" });
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const captureRef = useRef<InkCapture | null>(null);
  /** The id of the ink being sent, kept across retries of that same ink (idempotent POST). */
  const pendingId = useRef<{ ink: Ink; id: string } | null>(null);

  useEffect(() => {
    setConsented(hasContributionConsent());
    setWriterId(anonymousWriterId());
    countPersonalSamples().then(setLocalSamples, () => setLocalSamples(null));
  }, []);

  const loadPrompt = useCallback(async (avoid?: string, kind?: PromptKind) => {
    setPrompt(null);
    const query = new URLSearchParams();
    if (avoid) query.set("avoid", avoid);
    if (kind) query.set("kind", kind);
    try {
      const response = await fetch(`/api/prompts${query.size ? `?${query}` : ""}`, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      setPrompt((await response.json()) as Prompt);
    } catch {
      setStatus({ kind: "error", message: "Could not get a prompt. Reload the page to try again." });
    }
  }, []);

  useEffect(() => {
    if (!consented || !writerId) return;
    void loadPrompt();
    fetch(`/api/samples?writerId=${encodeURIComponent(writerId)}`, { cache: "no-store" })
      .then((r) => (r.ok ? r.json() : null))
      .then((body: { contributions?: number } | null) => setContributions(body?.contributions ?? 0))
      .catch(() => setContributions(null));
  }, [consented, writerId, loadPrompt]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!consented || !canvas) return;
    const capture = createInkCapture(canvas, { inputMode: "auto", color: "#1b1d21" });
    captureRef.current = capture;
    const unsubscribe = capture.onChange((change) => setStrokeCount(change.ink.strokes.length));
    return () => {
      unsubscribe();
      capture.destroy();
      captureRef.current = null;
    };
  }, [consented]);

  const clear = () => {
    captureRef.current?.clear();
    pendingId.current = null;
  };

  const skip = () => {
    clear();
    setStatus({ kind: "idle", message: "" });
    void loadPrompt(prompt?.text);
  };

  const askForNote = () => {
    clear();
    setStatus({ kind: "idle", message: "" });
    void loadPrompt(prompt?.text, "note");
  };

  const submit = async () => {
    const capture = captureRef.current;
    if (!capture || !prompt || !writerId) return;
    const ink = capture.getInk();
    if (ink.strokes.length === 0) {
      setStatus({ kind: "error", message: "Write the text on the canvas first." });
      return;
    }
    if (pendingId.current?.ink !== ink) pendingId.current = { ink, id: crypto.randomUUID() };
    setStatus({ kind: "busy", message: "Sending…" });
    const outcome = await submitSample({ id: pendingId.current.id, ink, text: prompt.text, source: "prompted", writerId });
    if (!outcome.ok) {
      setStatus({ kind: "error", message: outcome.retryable ? `${outcome.message} Your writing is kept; press Submit again.` : outcome.message });
      return;
    }
    setContributions(outcome.contributions);
    // Also kept on this device, where it teaches this writer's own recognizer (the Write page adapts).
    // The adapter learns a line at a time: a note is kept as its lines, when they can be told apart.
    try {
      const split = splitLabelledLines(ink, prompt.text);
      const lines = split.ok ? split.lines : [];
      for (const [k, line] of lines.entries()) {
        const id = lines.length === 1 ? outcome.id : crypto.randomUUID();
        await addPersonalSample({ id, ink: line.ink as Parameters<typeof addPersonalSample>[0]["ink"], text: line.text, source: "prompted", createdAt: Date.now() + k });
      }
      setLocalSamples(await countPersonalSamples());
    } catch {
      setLocalSamples(null);
    }
    setStatus({ kind: "ok", message: `Thank you! Sample saved (“${prompt.text.replaceAll("\n", " / ")}”).` });
    clear();
    void loadPrompt(prompt.text);
  };

  if (consented === null) return null;
  if (!consented) {
    return (
      <div className={styles.page}>
        <ConsentNotice
          onAccept={() => {
            recordContributionConsent();
            setConsented(true);
          }}
        />
      </div>
    );
  }

  return (
    <div className={styles.page}>
      <div className={styles.promptBox}>
        <div>
          <p className={styles.count}>{prompt?.kind === "note" ? `Please write, on ${prompt.text.split("\n").length} lines as shown:` : "Please write:"}</p>
          <p className={`${styles.prompt} ${prompt?.kind === "note" ? styles.notePrompt : ""}`} data-testid="prompt" data-kind={prompt?.kind} aria-live="polite">
            {prompt ? prompt.text : "…"}
          </p>
        </div>
        <p className={styles.count} data-testid="contribution-count">
          Your contributions: <strong>{contributions ?? "–"}</strong>
        </p>
      </div>
      {localSamples !== null && (
        <div className={styles.personal} data-testid="personal-progress" data-samples={localSamples}>
          {localSamples < PERSONALIZE_MIN_SAMPLES ? (
            <label>
              <span>
                Personalisation: {localSamples} of {PERSONALIZE_MIN_SAMPLES} samples. After {PERSONALIZE_MIN_SAMPLES}, the Write page learns your handwriting on this device.
              </span>
              <progress max={PERSONALIZE_MIN_SAMPLES} value={localSamples} />
            </label>
          ) : (
            <span>
              {localSamples} samples of your handwriting on this device: the <a href="/">Write page</a> adapts to them in the background (more samples, better adaptation).
            </span>
          )}
        </div>
      )}
      <div className={styles.canvasWrap}>
        <canvas
          ref={canvasRef}
          className={`${styles.canvas} ${prompt?.kind === "note" ? styles.noteCanvas : ""}`}
          data-testid="contribute-canvas"
          role="img"
          aria-label={`Writing canvas with ${strokeCount} stroke${strokeCount === 1 ? "" : "s"}. Write the prompt here with a pen, finger or mouse.`}
        />
      </div>
      <div className={styles.actions}>
        <button type="button" className={styles.primary} onClick={submit} disabled={!prompt || strokeCount === 0 || status.kind === "busy"}>
          Submit
        </button>
        <button type="button" onClick={() => captureRef.current?.undo()} disabled={strokeCount === 0}>
          Undo
        </button>
        <button type="button" onClick={clear} disabled={strokeCount === 0}>
          Clear
        </button>
        <button type="button" onClick={skip} disabled={status.kind === "busy"}>
          Skip
        </button>
        <button type="button" onClick={askForNote} disabled={status.kind === "busy"} data-testid="ask-note">
          Write a short note instead
        </button>
      </div>
      <p className={`${styles.status} ${status.kind === "error" ? styles.error : ""}`} role="status" data-testid="contribute-status">
        {status.message}
      </p>
    </div>
  );
}
