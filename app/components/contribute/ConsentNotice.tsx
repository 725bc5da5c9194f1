"use client";

import styles from "./contribute.module.css";

/**
 * What contributing means, in plain words, with the one button that agrees to it. Reusable:
 * the Write page shows it before its first "correct it" submission.
 */
export function ConsentNotice({ onAccept }: { readonly onAccept: () => void }) {
  return (
    <section className={styles.consent} aria-labelledby="consent-title">
      <h2 id="consent-title">Before you contribute</h2>
      <p>Each sample you send is stored on this server so the recognizer can be retrained on it:</p>
      <ul>
        <li>the pen strokes you drew (their positions and timing, and pressure if your pen reports it);</li>
        <li>the text they say;</li>
        <li>a random id made up by this browser, so samples from one hand can be kept together, and the time it was sent.</li>
      </ul>
      <p>
        No name, email, account or IP address is stored with a sample. An admin reviews samples before they are used for
        training or exported as a dataset.
      </p>
      <button type="button" className={styles.primary} onClick={onAccept}>
        I agree, let me contribute
      </button>
    </section>
  );
}
