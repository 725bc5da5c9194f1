"use client";
import type { PointerEvent } from "react";
import styles from "../admin.module.css";
import { linearScale, logCountTicks } from "./chart-scale";
import { toneClass } from "./chart-tones";
import { useChartReadout } from "./use-chart-readout";

/** How a character is drawn on an axis: the space as ␣ (an empty tick would hide it). */
export const shownChar = (c: string) => (c === " " ? "␣" : c);

const COLUMN = 14;
const PAD = { left: 44, right: 8, top: 20, bottom: 30 };
const HEIGHT = 170;

/**
 * Uses per character, one column each in the given order (rarest first), on a log scale (0, 1,
 * 10, 100 …) so that a missing character and a rare one look different next to common ones.
 * Rare characters (below `rareBelow`) are drawn in the danger colour. Wider than its card when
 * the charset is long: then it scrolls sideways inside the card. Pointer or ←/→ reads a column.
 */
export function CoverageChart({ coverage, rareBelow }: { coverage: { char: string; count: number }[]; rareBelow: number }) {
  const { active, setActive, readoutId, svgProps } = useChartReadout(coverage.length, "horizontal");
  if (coverage.length === 0) return <p className={styles.empty}>No labels yet.</p>;
  const max = Math.max(1, ...coverage.map((c) => c.count));
  const ticks = logCountTicks(max);
  const top = Math.log1p(ticks[ticks.length - 1]);
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const sy = linearScale(0, top, PAD.top + innerH, PAD.top);
  const width = PAD.left + coverage.length * COLUMN + PAD.right;
  const y = (count: number) => sy(Math.log1p(count));
  const current = active === null ? null : coverage[active];

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left - PAD.left;
    setActive(Math.max(0, Math.min(coverage.length - 1, Math.floor(x / COLUMN))));
  };

  return (
    <figure className={styles.chart}>
      <figcaption className={styles.chartTitle}>
        Character coverage
        <span className={`${styles.legend} ${toneClass(1)}`}>
          <span className={styles.swatch} aria-hidden="true" />
          rare (fewer than {rareBelow} uses)
        </span>
        <span className={`${styles.legend} ${toneClass(0)}`}>
          <span className={styles.swatch} aria-hidden="true" />
          enough
        </span>
      </figcaption>
      <div className={styles.chartScroll}>
        <svg
          className={styles.svg}
          width={width}
          height={HEIGHT}
          role="img"
          aria-label={`Uses of each of ${coverage.length} characters, rarest first; arrow keys read them one by one`}
          {...svgProps}
          onPointerMove={onPointerMove}
          data-testid="coverage-chart"
        >
          {ticks.map((t) => (
            <g key={t}>
              <line className={styles.gridLine} x1={PAD.left} x2={width - PAD.right} y1={y(t)} y2={y(t)} />
              <text className={styles.tick} x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
                {t >= 10_000 ? `${t / 1000}k` : t}
              </text>
            </g>
          ))}
          <text className={styles.axisTitle} x={4} y={12}>
            uses (log scale)
          </text>
          {coverage.map((c, i) => (
            <g key={c.char} className={toneClass(c.count < rareBelow ? 1 : 0)}>
              <rect className={styles.bar} data-active={active === i} x={PAD.left + i * COLUMN + 2} y={y(c.count)} width={COLUMN - 4} height={Math.max(c.count ? 1 : 0, PAD.top + innerH - y(c.count))} rx={1.5} />
              <text className={styles.tick} x={PAD.left + i * COLUMN + COLUMN / 2} y={PAD.top + innerH + 14} textAnchor="middle">
                {shownChar(c.char)}
              </text>
            </g>
          ))}
          <line className={styles.axisLine} x1={PAD.left} x2={width - PAD.right} y1={PAD.top + innerH} y2={PAD.top + innerH} />
        </svg>
      </div>
      <p id={readoutId} className={styles.readout} aria-live="polite">
        {current ? (
          <>
            <strong>{JSON.stringify(current.char)}</strong>: {current.count.toLocaleString("en")} uses{current.count < rareBelow ? " (rare)" : ""}
          </>
        ) : (
          "Hover a column, or focus the chart and use ←/→, to read it"
        )}
      </p>
    </figure>
  );
}
