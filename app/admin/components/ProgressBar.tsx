import type { ReactNode } from "react";
import styles from "../admin.module.css";

/**
 * A themed progress bar (the native <progress> cannot follow the theme in every browser): a
 * fraction 0–1 fills it; null means work of unknown length, shown as a sweeping band.
 * `children` is the line of text under it (percent, ETA…).
 */
export function ProgressBar({ fraction, label, children, testId }: { fraction: number | null; label: string; children?: ReactNode; testId?: string }) {
  const percent = fraction === null ? null : Math.round(100 * Math.min(1, Math.max(0, fraction)));
  return (
    <div className={styles.progress}>
      <div
        className={styles.progressTrack}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        data-indeterminate={percent === null}
        data-testid={testId}
      >
        {/* The width is the one truly dynamic style value here. */}
        <div className={styles.progressFill} style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      {children && <div className={styles.progressText}>{children}</div>}
    </div>
  );
}
