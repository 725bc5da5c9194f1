"use client";

import { useMemo, useState } from "react";
import { INK_LIMITS } from "@/lib/ink/types";
import { inkOfStrokes } from "@/lib/model/recognize-lines";
import { CorrectionForm } from "./CorrectionForm";
import { activeLine, transcriptRows, transcriptText as joinRows } from "./note-lines";
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
import { useNoteCanvasHeight } from "./use-note-canvas-height";
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
  // Per line, by its strokes (lineKeys): the alternative the writer picked, the text they corrected it to,
  // and the line they picked to work on. A line keeps its choice while other lines are written.
  const [choices, setChoices] = useState<ReadonlyMap<string, number>>(new Map());
  const [corrections, setCorrections] = useState<ReadonlyMap<string, string>>(new Map());
  const [selectedLine, setSelectedLine] = useState<string | null>(null);

  // The recognition worker; the personal adaptation gets its answers and, when it switches, the
  // current ink is read again. A new stroke's ink state lands with its reading (one render).
  const recognizer = useRecognizer(
    (answer) => personal.onWorkerAnswer(answer),
    () => capture.showPendingStroke(),
  );
  const { model, reading, problem, recognizeError, busy, latencyMs, latencyStages } = recognizer;
  const personal = usePersonalization(recognizer.client, recognizer.baseModel, recognizer.readAgain);

  const clipboard = useClipboardCopy();
  const copyState = clipboard.state;

  // Every edit: the highlights, the copy notice, an open correction and the picked line go; the new ink is read.
  const capture = useInkCapture((ink) => {
    hover.clearLetters();
    clipboard.reset();
    setCorrecting(false);
    setSelectedLine(null);
    recognizer.read(ink);
  });
  const { ink, history, undo, redo, clear } = capture;

  const lines = useMemo(() => (problem || !reading ? [] : reading.lines), [problem, reading]);
  const rows = useMemo(() => transcriptRows(lines, choices, corrections), [lines, choices, corrections]);
  const transcriptText = joinRows(rows);
  const active = activeLine(lines, selectedLine, reading?.strokes ?? 0);
  const activeRow = rows[active];
  const activeReading = lines[active];
  const chosen = activeReading ? (choices.get(activeReading.key) ?? 0) : 0;
  const several = rows.length > 1;
  const lineName = several ? `line ${active + 1}` : null;

  const hover = useStrokeHover(capture.inkRef, capture.setHighlight, rows);
  useKeyboardShortcuts({ undo, redo, clear, canClear: () => capture.inkRef.current.strokes.length > 0 });
  const canvasHeight = useNoteCanvasHeight(capture.canvasRef, ink, lines.length);

  const choose = (line: string, index: number) => {
    setChoices((m) => new Map(m).set(line, index));
    setCorrections((m) => {
      const next = new Map(m);
      next.delete(line);
      return next;
    });
  };
  const selectLine = (line: number) => {
    const key = lines[line]?.key;
    if (key !== undefined && key !== lines[active]?.key) {
      setSelectedLine(key);
      setCorrecting(false);
    }
  };

  const empty = ink.strokes.length === 0;
  const modelReady = model.phase === "ready";
  const anyAlignment = rows.some((r) => r.alignment && r.text);
  let placeholder = "Write a word or a line, or a note of several lines, on the canvas above.";
  if (empty) {
    // the prompt above
  } else if (!modelReady) placeholder = model.phase === "error" ? "Recognition is unavailable until the model loads." : "Reading starts as soon as the model has loaded…";
  else if (!reading) placeholder = "Reading…";
  else if (!transcriptText) placeholder = rows.every((r) => r.alignment) ? "No letters recognized yet. Keep writing, or write a little larger." : "(an empty reading)";

  return (
    <div className={styles.page}>
      <header className={styles.intro}>
        <h1>Write, and Inkwell reads it</h1>
        <p>Write a word, a line or a note of several lines with a pen, a finger or the mouse. Recognition runs on this device; nothing leaves it unless you send a correction.</p>
      </header>

      <ModelStatus state={model} latencyMs={latencyMs} stages={latencyStages} onRetry={recognizer.retry} />

      <section className={styles.card} aria-label="Writing area">
        <div className={styles.canvasWrap}>
          <canvas
            ref={capture.canvasRef}
            className={styles.canvas}
            style={canvasHeight === null ? undefined : { height: `${canvasHeight}px` }}
            data-testid="ink-canvas"
            data-strokes={ink.strokes.length}
            data-lines={lines.length}
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
          rows={rows}
          highlighted={hover.highlightedLetters}
          activeLine={active}
          strokes={reading?.strokes ?? 0}
          busy={busy}
          placeholder={placeholder}
          onLetterActive={hover.showLetter}
          onLineSelect={selectLine}
        />
        {anyAlignment && (
          <p className={styles.hint}>
            Point at or tap a letter to see the strokes that made it; point at a stroke to see its letters.{several ? " Tap a line to see its alternatives or correct it." : ""}
          </p>
        )}

        {activeReading && activeReading.candidates.length > 1 && (
          <div className={styles.candidatesBlock}>
            <h3 className={styles.subTitle} id="candidates-heading">
              {lineName ? `Or did you mean, on ${lineName}` : "Or did you mean"}
            </h3>
            <ul className={styles.candidates} data-testid="candidates" data-line={active} aria-labelledby="candidates-heading">
              {activeReading.candidates.slice(0, CANDIDATES_SHOWN + 1).map((c, i) =>
                i === chosen && !corrections.has(activeReading.key) ? null : (
                  <li key={`${i}:${c.text}`}>
                    <button type="button" className={styles.candidate} onClick={() => choose(activeReading.key, i)} data-candidate-index={i}>
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
          <button type="button" className={styles.button} onClick={() => setCorrecting(true)} disabled={empty || !!problem || correcting || !activeRow} data-testid="correct-it" data-line={active}>
            {lineName ? `Line ${active + 1} is wrong → correct it` : "That’s wrong → correct it"}
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
        {correcting && !problem && activeRow && reading && (
          <CorrectionForm
            key={`${reading.startedAt}:${activeRow.key}`}
            // The ink the reading was made for, not the page's (a stroke or an undo may be newer than the
            // reading, or the newest ink may have failed to read): the sample pairs that ink with its text.
            ink={several ? inkOfStrokes(reading.ink, activeRow.strokes) : reading.ink}
            initialText={activeRow.text}
            lineNumber={several ? active + 1 : null}
            onClose={() => setCorrecting(false)}
            onSavedLocally={() => void personal.refresh()}
            onSaved={(text) => setCorrections((m) => new Map(m).set(activeRow.key, text))}
          />
        )}
      </section>

      {modelReady && <PersonalizationPanel state={personal.state} onToggle={personal.setEnabled} onForget={() => void personal.forget()} />}
    </div>
  );
}
