"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { createInkCapture, type InkCapture, type InkChange } from "@/lib/ink/capture";
import { INK_LIMITS, type Ink } from "@/lib/ink/types";
import type { AlignedLetter } from "@/lib/model/recognizer";
import { fetchActiveModel } from "./active-model";
import { CorrectionForm } from "./CorrectionForm";
import { inkProblem, type InkProblem } from "./ink-problem";
import { lettersOfStroke } from "./letters-of-stroke";
import { ModelStatus, type ModelState } from "./ModelStatus";
import { RecognitionClient, type RecognitionResult } from "./recognition-client";
import { CANDIDATES_SHOWN } from "./recognition-settings";
import { strokeAtPoint } from "./stroke-hit-test";
import { Transcript } from "./Transcript";
import { PersonalizationPanel } from "./PersonalizationPanel";
import { usePersonalization } from "./use-personalization";
import styles from "./write.module.css";

/** What the model read for one ink. */
interface Reading {
  candidates: RecognitionResult["candidates"];
  alignment: AlignedLetter[];
  strokes: number;
  /** When the ink was handed to the recognizer (pen-up), for the latency measurement. */
  startedAt: number;
  timings: RecognitionResult["timings"];
}

const EMPTY_INK: Ink = { version: 1, strokes: [] };
/** How close (CSS px) the pointer must be to a stroke for hovering to select it. */
const HOVER_RADIUS = 12;
const numberFormat = new Intl.NumberFormat("en");

const LOAD_FAILURE_TEXT = {
  network: {
    title: "The handwriting model could not be downloaded.",
    detail: "Check your connection and try again. Once it has loaded, Inkwell keeps a copy on this device and works offline.",
  },
  invalid: {
    title: "The handwriting model could not be read.",
    detail: "The files on the server look damaged or incomplete. Try again in a moment; if it keeps happening, tell the site's admin.",
  },
  engine: {
    title: "Handwriting recognition could not start in this browser.",
    detail: "Inkwell needs Web Workers and either WebAssembly or a recent JavaScript engine. Try an up-to-date Chrome, Edge, Firefox or Safari.",
  },
} as const;

function isEditableTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT");
}

export function WritePage() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const captureRef = useRef<InkCapture | null>(null);
  const clientRef = useRef<RecognitionClient | null>(null);
  const modelReadyRef = useRef(false);
  const latestInkRef = useRef<Ink>(EMPTY_INK);
  const measuredRef = useRef<Reading | null>(null);

  const [model, setModel] = useState<ModelState>({ phase: "starting" });
  const [ink, setInk] = useState<Ink>(EMPTY_INK);
  const [history, setHistory] = useState({ canUndo: false, canRedo: false });
  const [reading, setReading] = useState<Reading | null>(null);
  const [chosen, setChosen] = useState<number>(0);
  const [problem, setProblem] = useState<InkProblem | null>({ kind: "empty" });
  const [recognizeError, setRecognizeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [latencyMs, setLatencyMs] = useState<number | null>(null);
  const [highlightedLetters, setHighlightedLetters] = useState<ReadonlySet<number>>(new Set());
  const [penOnly, setPenOnly] = useState(false);
  const [copyState, setCopyState] = useState<"idle" | "copied" | "failed">("idle");
  const [correcting, setCorrecting] = useState(false);
  const [loadAttempt, setLoadAttempt] = useState(0);
  /** The loaded base model (its URL for the adaptation worker, its fingerprint for adaptations). */
  const [baseModel, setBaseModel] = useState<{ url: string; file: string; version: string; fingerprint: string } | null>(null);
  const [client, setClient] = useState<RecognitionClient | null>(null);
  const modelUrlRef = useRef<string | null>(null);

  const recognizeLatest = useCallback(() => {
    const current = latestInkRef.current;
    const found = inkProblem(current);
    setProblem(found);
    if (found) {
      clientRef.current?.cancel();
      setBusy(false);
      setReading(null);
      return;
    }
    if (!modelReadyRef.current) return; // recognized as soon as the model is ready
    setBusy(true);
    clientRef.current?.recognize(current, performance.now());
  }, []);

  // The recognition worker and the model: one per page, loaded again on "Try again".
  useEffect(() => {
    const controller = new AbortController();
    modelReadyRef.current = false;
    setModel({ phase: "starting" });
    const offlineRef = { current: false };
    let client: RecognitionClient;
    try {
      client = new RecognitionClient({
        progress: (loadedBytes, totalBytes, fromCache) => setModel({ phase: "loading", loadedBytes, totalBytes, fromCache }),
        ready: (info) => {
          modelReadyRef.current = true;
          if (modelUrlRef.current) setBaseModel({ url: modelUrlRef.current, file: info.modelFile, version: info.version, fingerprint: info.fingerprint });
          setModel((m) => ({ phase: "ready", ...info, offline: m.phase === "ready" ? m.offline : offlineRef.current }));
          recognizeLatest();
        },
        loadError: (failure, message) => {
          modelReadyRef.current = false;
          setBusy(false);
          setModel({ phase: "error", title: LOAD_FAILURE_TEXT[failure].title, detail: `${LOAD_FAILURE_TEXT[failure].detail} (Details: ${message}.)` });
        },
        result: (result, forInk, startedAt) => {
          setBusy(false);
          setRecognizeError(null);
          setChosen(0);
          setReading({ candidates: result.candidates, alignment: result.alignment, strokes: forInk.strokes.length, startedAt, timings: result.timings });
        },
        recognizeError: (message) => {
          setBusy(false);
          setRecognizeError(message);
        },
        adaptation: (answer) => adaptationAnswerRef.current(answer),
      });
    } catch (e) {
      setModel({ phase: "error", title: LOAD_FAILURE_TEXT.engine.title, detail: `${LOAD_FAILURE_TEXT.engine.detail} (Details: ${(e as Error).message}.)` });
      return;
    }
    clientRef.current = client;
    setClient(client);
    setBaseModel(null);
    fetchActiveModel(controller.signal)
      .then((active) => {
        offlineRef.current = active.offline;
        modelUrlRef.current = active.url;
        // Diagnostics and benchmarks (scripts/bench-browser.ts): ?precision=int8|float, ?threads=1.
        const query = new URLSearchParams(window.location.search);
        const precision = query.get("precision");
        client.load(active.url, {
          precision: precision === "int8" || precision === "float" ? precision : undefined,
          threads: query.get("threads") === "1" ? 1 : undefined,
        });
      })
      .catch((e: Error) => {
        if (e.name === "AbortError") return;
        setModel({ phase: "error", title: "Inkwell could not find out which handwriting model to load.", detail: `Check your connection and try again. (Details: ${e.message}.)` });
      });
    return () => {
      controller.abort();
      client.dispose();
      if (clientRef.current === client) clientRef.current = null;
      setClient((c) => (c === client ? null : c));
    };
  }, [loadAttempt, recognizeLatest]);

  // Personal adaptation: switching it on or off reads the current ink again.
  const personal = usePersonalization(client, baseModel, recognizeLatest);
  const adaptationAnswerRef = useRef(personal.onWorkerAnswer);
  adaptationAnswerRef.current = personal.onWorkerAnswer;

  // Ink capture on the canvas.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Ink is drawn dark; in dark mode the stylesheet inverts the canvas (see .canvas), so one
    // colour pair serves both schemes and the ink never has to be redrawn when the scheme flips.
    const capture = createInkCapture(canvas, { inputMode: "auto", color: "#1b1d21", highlightColor: "#d9480f" });
    captureRef.current = capture;
    const stop = capture.onChange((change: InkChange) => {
      latestInkRef.current = change.ink;
      setInk(change.ink);
      setHistory({ canUndo: change.canUndo, canRedo: change.canRedo });
      setHighlightedLetters(new Set());
      setCopyState("idle");
      setCorrecting(false);
      recognizeLatest();
    });
    return () => {
      stop();
      capture.destroy();
      captureRef.current = null;
    };
  }, [recognizeLatest]);

  // Pen-up → transcript on screen: measured once the new transcript is in the DOM.
  useLayoutEffect(() => {
    if (reading && measuredRef.current !== reading) {
      measuredRef.current = reading;
      setLatencyMs(performance.now() - reading.startedAt);
    }
  }, [reading]);

  useEffect(() => {
    captureRef.current?.setInputMode(penOnly ? "pen-only" : "auto");
  }, [penOnly]);

  const undo = useCallback(() => captureRef.current?.undo(), []);
  const redo = useCallback(() => captureRef.current?.redo(), []);
  const clear = useCallback(() => captureRef.current?.clear(), []);

  // Keyboard: Ctrl/Cmd+Z undo, Shift+Ctrl/Cmd+Z (or Ctrl+Y) redo, Escape clears. Text fields keep their own.
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (isEditableTarget(e.target) || e.altKey) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "z") {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if (mod && key === "y") {
        e.preventDefault();
        redo();
      } else if (e.key === "Escape" && !mod && !e.shiftKey) {
        if (latestInkRef.current.strokes.length > 0) {
          e.preventDefault();
          clear();
        }
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [undo, redo, clear]);

  const top = reading?.candidates[chosen];
  const transcriptText = top?.text ?? "";
  // The alignment belongs to the model's top reading; a picked alternative has none.
  const alignment = reading && chosen === 0 ? reading.alignment : null;

  const showLetter = useCallback(
    (index: number | null) => {
      if (index === null || !alignment) {
        setHighlightedLetters(new Set());
        captureRef.current?.setHighlight(null);
        return;
      }
      const letter = alignment.find((a) => a.index === index);
      setHighlightedLetters(new Set([index]));
      captureRef.current?.setHighlight(letter?.strokes ?? null);
    },
    [alignment],
  );

  // The reverse mapping: hovering a stroke on the canvas highlights it and the letters it made.
  const hoveredStroke = useRef(-1);
  function onCanvasPointerMove(e: React.PointerEvent<HTMLCanvasElement>) {
    if (e.buttons !== 0 || e.pointerType === "touch") return; // drawing, or a finger (which cannot hover)
    const canvas = e.currentTarget;
    const rect = canvas.getBoundingClientRect();
    const x = (e.clientX - rect.left) * (canvas.offsetWidth / (rect.width || 1)) - canvas.clientLeft;
    const y = (e.clientY - rect.top) * (canvas.offsetHeight / (rect.height || 1)) - canvas.clientTop;
    const stroke = strokeAtPoint(latestInkRef.current, x, y, HOVER_RADIUS);
    if (stroke === hoveredStroke.current) return;
    hoveredStroke.current = stroke;
    if (stroke < 0 || !alignment) {
      setHighlightedLetters(new Set());
      captureRef.current?.setHighlight(null);
      return;
    }
    setHighlightedLetters(new Set(lettersOfStroke(alignment, stroke)));
    captureRef.current?.setHighlight([stroke]);
  }
  function onCanvasPointerLeave() {
    if (hoveredStroke.current < 0) return;
    hoveredStroke.current = -1;
    setHighlightedLetters(new Set());
    captureRef.current?.setHighlight(null);
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(transcriptText);
      setCopyState("copied");
    } catch {
      setCopyState("failed");
    }
  }

  const empty = ink.strokes.length === 0;
  const modelReady = model.phase === "ready";
  let placeholder = "Write a word or a line on the canvas above.";
  if (empty) {
    // the prompt above
  } else if (!modelReady) placeholder = model.phase === "error" ? "Recognition is unavailable until the model loads." : "Reading starts as soon as the model has loaded…";
  else if (!reading) placeholder = "Reading…";
  else if (!transcriptText) placeholder = chosen === 0 ? "No letters recognized yet. Keep writing, or write a little larger." : "(an empty reading)";

  return (
    <div className={styles.page}>
      <header className={styles.intro}>
        <h1>Write, and Inkwell reads it</h1>
        <p>Write a word or a whole line with a pen, a finger or the mouse. Recognition runs on this device; nothing leaves it unless you send a correction.</p>
      </header>

      <ModelStatus state={model} latencyMs={latencyMs} stages={latencyMs === null ? undefined : reading?.timings} onRetry={() => setLoadAttempt((n) => n + 1)} />

      <section className={styles.card} aria-label="Writing area">
        <div className={styles.canvasWrap}>
          <canvas
            ref={canvasRef}
            className={styles.canvas}
            data-testid="ink-canvas"
            data-strokes={ink.strokes.length}
            role="img"
            aria-label={empty ? "Writing canvas, empty. Draw here with a pen, finger or mouse." : `Writing canvas with ${ink.strokes.length} stroke${ink.strokes.length === 1 ? "" : "s"}.`}
            onPointerMove={onCanvasPointerMove}
            onPointerLeave={onCanvasPointerLeave}
          />
          {empty && (
            <p className={styles.canvasHint} aria-hidden="true">
              Write here
            </p>
          )}
        </div>
        <div className={styles.toolbar} role="group" aria-label="Ink tools">
          <button type="button" className={styles.button} onClick={undo} disabled={!history.canUndo} aria-keyshortcuts="Control+Z Meta+Z" title="Undo (Ctrl/⌘+Z)">
            Undo
          </button>
          <button type="button" className={styles.button} onClick={redo} disabled={!history.canRedo} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z" title="Redo (Shift+Ctrl/⌘+Z)">
            Redo
          </button>
          <button type="button" className={styles.button} onClick={clear} disabled={empty} aria-keyshortcuts="Escape" title="Clear (Esc)">
            Clear
          </button>
          <button
            type="button"
            className={`${styles.button} ${styles.toggle}`}
            aria-pressed={penOnly}
            onClick={() => setPenOnly((v) => !v)}
            title="Only a stylus draws: touches from your palm or fingers, and the mouse, are ignored"
          >
            <span className={styles.toggleTrack} aria-hidden="true">
              <span className={styles.toggleThumb} />
            </span>
            Pen only
          </button>
        </div>
      </section>

      {problem?.kind === "too-large" && (
        <div className={`${styles.message} ${styles.warning}`} role="alert" data-testid="ink-too-large">
          <p className={styles.messageTitle}>That is more ink than Inkwell reads at once.</p>
          <p className={styles.messageDetail}>
            It has {numberFormat.format(problem.strokes)} strokes and {numberFormat.format(problem.points)} points; the limit is {numberFormat.format(INK_LIMITS.maxStrokes)} strokes and{" "}
            {numberFormat.format(INK_LIMITS.maxPoints)} points. Undo a few strokes or clear the canvas.
          </p>
        </div>
      )}
      {recognizeError && (
        <div className={`${styles.message} ${styles.warning}`} role="alert">
          <p className={styles.messageTitle}>This ink could not be read.</p>
          <p className={styles.messageDetail}>{recognizeError}. Undo the last stroke or clear the canvas and try again.</p>
        </div>
      )}

      <section className={styles.card} aria-labelledby="transcript-heading">
        <h2 id="transcript-heading" className={styles.sectionTitle}>
          Transcript
        </h2>
        <Transcript
          text={problem ? "" : transcriptText}
          alignment={alignment}
          highlighted={highlightedLetters}
          strokes={reading?.strokes ?? 0}
          busy={busy}
          placeholder={placeholder}
          onLetterActive={showLetter}
        />
        {alignment && transcriptText && <p className={styles.hint}>Point at or tap a letter to see the strokes that made it; point at a stroke to see its letters.</p>}

        {!problem && reading && reading.candidates.length > 1 && (
          <div className={styles.candidatesBlock}>
            <h3 className={styles.subTitle} id="candidates-heading">
              Or did you mean
            </h3>
            <ul className={styles.candidates} data-testid="candidates" aria-labelledby="candidates-heading">
              {reading.candidates.slice(0, CANDIDATES_SHOWN + 1).map((c, i) =>
                i === chosen ? null : (
                  <li key={`${i}:${c.text}`}>
                    <button type="button" className={styles.candidate} onClick={() => setChosen(i)} data-candidate-index={i}>
                      {c.text === "" ? <em>(nothing)</em> : c.text}
                    </button>
                  </li>
                ),
              )}
            </ul>
          </div>
        )}

        <div className={styles.row}>
          <button type="button" className={styles.button} onClick={copy} disabled={!transcriptText || !!problem}>
            {copyState === "copied" ? "Copied ✓" : "Copy text"}
          </button>
          <button type="button" className={styles.button} onClick={() => setCorrecting(true)} disabled={empty || !!problem || correcting} data-testid="correct-it">
            That’s wrong → correct it
          </button>
          <span className={styles.srOnly} role="status">
            {copyState === "copied" ? "Transcript copied to the clipboard." : ""}
          </span>
        </div>
        {copyState === "failed" && (
          <p className={styles.errorText} role="alert">
            Copying was blocked by the browser. Select the transcript and copy it by hand.
          </p>
        )}
        {correcting && !problem && <CorrectionForm key={reading?.startedAt ?? 0} ink={ink} initialText={transcriptText} onClose={() => setCorrecting(false)} onSavedLocally={() => void personal.refresh()} />}
      </section>

      {modelReady && <PersonalizationPanel state={personal.state} onToggle={personal.setEnabled} onForget={() => void personal.forget()} />}
    </div>
  );
}
