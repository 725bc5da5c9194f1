import type { ReactNode } from "react";
import styles from "../admin.module.css";

/**
 * One dashboard section: a card with its heading (which names the region, for screen readers and
 * tests), an optional line beside the heading, and the body.
 */
export function Card({ id, title, aside, children }: { id: string; title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={styles.card}>
      <div className={styles.cardHeader}>
        <h2 id={id} className={styles.cardTitle}>
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}
