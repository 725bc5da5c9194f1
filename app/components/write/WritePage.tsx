"use client";

import { useState } from "react";
import { INK_LIMITS } from "@/lib/ink/types";
import { CorrectionForm } from "./CorrectionForm";
import { ModelStatus } from "./ModelStatus";
import { CANDIDATES_SHOWN } from "./recognition-settings";
import { Transcript } from "./Transcript";
import { PersonalizationPanel } from "./PersonalizationPanel";
import { useClipboardCopy } from "./use-clipboard-copy";
import { useInkCapture } from "./use-ink-capture";
import { useKeyboardShortcuts } from "./use-keyboard-shortcuts";
import { usePersonalization } from "./use-personalization";
import { useRecognizer } from "./use-recognizer";
import { useStrokeHover } from "./use-stroke-hover";
import styles from "./write.module.css";

const numberFormat = new Intl.NumberFormat("en");

/**
 * The Write page: the canvas, the transcript and its alternatives, corrections and personal
 * adaptation. Each concern is a hook: the recognition worker and its model (useRecognizer), the
 * personal adaptation (usePersonalization), ink capture (useInkCapture), the letter ↔ stroke
 * highlighting (useStrokeHover), the keyboard (useKeyboardShortcuts) and copying (useClipboardCopy).
 */
export function WritePage() {
  const [correcting, setCorrecting] = useState(false);

  // The recognition worker; the personal adaptation gets its answers and, when it switches, the
  // current ink is read again.
  const recognizer = useRecognizer((answer) => personal.onWorkerAnswer(answer));
  const { model, reading, chosen, problem, recognizeError, busy, latencyMs } = recognizer;
  const personal = usePersonalization(recognizer.client, recognizer.baseModel, recognizer.readAgain);

  const clipboard = useClipboardCopy();
  const copyState = clipboard.state;

  // Every edit: the highlights, the copy notice and an open correction go; the new ink is read.
  const capture = useInkCapture((ink) => {
    hover.clearLetters();
    clipboard.reset();
    setCorrecting(false);
    recognizer.read(ink);
  });
  const { ink, history, undo, redo, clear } = capture;

  const top = reading?.candidates[chosen];
  const transcriptText = top?.text ?? "";
  // The alignment belongs to the model's top reading; a picked alternative has none.
  const alignment = reading && chosen === 0 ? reading.alignment : null;

  const hover = useStrokeHover(capture.inkRef, capture.setHighlight, alignment);
  useKeyboardShortcuts({ undo, redo, clear, canClear: () => capture.inkRef.current.strokes.length > 0 });

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

      <ModelStatus state={model} latencyMs={latencyMs} stages={latencyMs === null ? undefined : reading?.timings} onRetry={recognizer.retry} />

      <section className={styles.card} aria-label="Writing area">
        <div className={styles.canvasWrap}>
          <canvas
            ref={capture.canvasRef}
            className={styles.canvas}
            data-testid="ink-canvas"
            data-strokes={ink.strokes.length}
            role="img"
            aria-label={empty ? "Writing canvas, empty. Draw here with a pen, finger or mouse." : `Writing canvas with ${ink.strokes.length} stroke${ink.strokes.length === 1 ? "" : "s"}.`}
            onPointerMove={hover.onPointerMove}
            onPointerLeave={hover.onPointerLeave}
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
            aria-pressed={capture.penOnly}
            onClick={capture.togglePenOnly}
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
          highlighted={hover.highlightedLetters}
          strokes={reading?.strokes ?? 0}
          busy={busy}
          placeholder={placeholder}
          onLetterActive={hover.showLetter}
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
                    <button type="button" className={styles.candidate} onClick={() => recognizer.choose(i)} data-candidate-index={i}>
                      {c.text === "" ? <em>(nothing)</em> : c.text}
                    </button>
                  </li>
                ),
              )}
            </ul>
          </div>
        )}

        <div className={styles.row}>
          <button type="button" className={styles.button} onClick={() => void clipboard.copy(transcriptText)} disabled={!transcriptText || !!problem}>
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
