"use client";

import { useState } from "react";
import { MIN_SAMPLES, type PersonalState } from "./use-personalization";
import styles from "./write.module.css";

const seconds = (s: number | null) => (s === null || !Number.isFinite(s) ? "" : s < 60 ? `about ${Math.max(1, Math.round(s))} s left` : `about ${Math.round(s / 60)} min left`);

/**
 * "Your handwriting": how far personalisation has got, the switch to compare with and without
 * it, and "Forget my handwriting". What it describes stays on this device, except an adaptation the
 * server's retrain derived from samples the writer contributed, which it names as such.
 */
export function PersonalizationPanel({ state, onToggle, onForget }: { state: PersonalState; onToggle(on: boolean): void; onForget(): void }) {
  const [confirming, setConfirming] = useState(false);
  if (!state.storage)
    return (
      <section className={styles.card} aria-labelledby="personal-heading" data-testid="personalization" data-phase="unavailable">
        <h2 id="personal-heading" className={styles.sectionTitle}>
          Your handwriting
        </h2>
        <p className={styles.hint}>This browser keeps no local database (private mode?), so Inkwell cannot learn your handwriting here.</p>
      </section>
    );
  const { adaptation, adapting } = state;
  const phase = adapting ? "adapting" : adaptation ? (state.applied ? "personalized" : "off") : "collecting";
  // Made by the server's retrain from what this writer contributed, or on this device.
  const from = adaptation?.origin === "server" ? "samples you contributed (learned when the model was retrained)" : "samples";
  return (
    <section className={styles.card} aria-labelledby="personal-heading" data-testid="personalization" data-phase={phase} data-samples={state.samples} data-applied={String(state.applied)}>
      <h2 id="personal-heading" className={styles.sectionTitle}>
        Your handwriting
      </h2>
      {adaptation ? (
        <p data-testid="personalized-summary">
          {state.applied ? (
            <>
              <strong>Adapted to your handwriting</strong> from {adaptation.samples} {from}.
            </>
          ) : (
            <>
              Adapted to your handwriting from {adaptation.samples} {from}, switched off: reading with the standard model.
            </>
          )}
          {adaptation.heldOut && adaptation.heldOut.cerBefore > 0 && (
            <span className={styles.hint}>
              {" "}
              On {adaptation.heldOut.samples} of your samples it left out while learning, it made {Math.round(100 * (1 - adaptation.heldOut.cerAfter / adaptation.heldOut.cerBefore))}% fewer letter errors.
            </span>
          )}
        </p>
      ) : (
        !adapting && (
          <div className={styles.progressLabel}>
            <span>
              {state.samples < MIN_SAMPLES
                ? `Correct a reading (“That’s wrong → correct it”) or contribute samples: after ${MIN_SAMPLES}, Inkwell learns your handwriting on this device. ${state.samples} of ${MIN_SAMPLES} so far.`
                : `${state.samples} samples of your handwriting on this device.`}
            </span>
            <progress className={styles.progress} max={MIN_SAMPLES} value={Math.min(state.samples, MIN_SAMPLES)} aria-label="Samples toward personalisation" />
          </div>
        )
      )}
      {adapting && (
        <div className={styles.progressLabel} role="status" data-testid="adapting">
          <span>
            {state.note ?? `Learning your handwriting from ${adapting.samples} samples, in the background`} — {Math.round(100 * adapting.fraction)}% {seconds(adapting.etaSec)}. Keep writing meanwhile.
          </span>
          <progress className={styles.progress} max={1} value={adapting.fraction} aria-label="Adapting to your handwriting" />
        </div>
      )}
      {state.error && (
        <p className={styles.errorText} role="alert">
          {state.error}
        </p>
      )}
      <div className={styles.row}>
        {adaptation && (
          <button
            type="button"
            className={`${styles.button} ${styles.toggle} ${styles.toggleInline}`}
            aria-pressed={state.enabled}
            onClick={() => onToggle(!state.enabled)}
            data-testid="personal-toggle"
            title="Compare: read with what Inkwell learned of your handwriting, or with the standard model"
          >
            <span className={styles.toggleTrack} aria-hidden="true">
              <span className={styles.toggleThumb} />
            </span>
            Use my handwriting
          </button>
        )}
        {(state.samples > 0 || adaptation) &&
          (confirming ? (
            <>
              <span>Delete your {state.samples} samples on this device and what Inkwell learned of your handwriting, here and on the server? Samples you sent with consent stay in the dataset.</span>
              <button
                type="button"
                className={styles.button}
                data-testid="forget-confirm"
                onClick={() => {
                  setConfirming(false);
                  onForget();
                }}
              >
                Delete
              </button>
              <button type="button" className={styles.button} onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className={styles.button} onClick={() => setConfirming(true)} data-testid="forget-handwriting">
              Forget my handwriting
            </button>
          ))}
      </div>
    </section>
  );
}
