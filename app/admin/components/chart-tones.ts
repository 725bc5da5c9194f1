import styles from "../admin.module.css";

/** The theme's chart colours, by number: accent, danger, violet, green (admin.module.css, light and dark). */
export type Tone = 0 | 1 | 2 | 3;
const TONE_CLASSES = [styles.tone0, styles.tone1, styles.tone2, styles.tone3] as const;

/** The class that sets `currentColor` to a tone; lines, dots and bars draw in currentColor. */
export const toneClass = (tone: Tone): string => TONE_CLASSES[tone];
