"use client";
import styles from "../admin.module.css";
import { formatTick, linearScale, niceTicks } from "./chart-scale";
import { toneClass, type Tone } from "./chart-tones";
import { useChartReadout } from "./use-chart-readout";
import { useElementWidth } from "./use-element-width";

export interface Bar {
  label: string;
  value: number | null;
  /** Overrides the series tone for this bar (e.g. the active version). */
  tone?: Tone;
  /** Extra words for the readout (e.g. which set a score is on). */
  note?: string;
}

interface BarChartProps {
  data: Bar[];
  title: string;
  /** The value axis's title with its unit, e.g. "samples" or "CER (lower is better)". */
  unit: string;
  tone?: Tone;
  rowHeight?: number;
  formatTickValue?: (value: number, step: number) => string;
  formatValue?: (value: number) => string;
  /** Where the value axis ends at least (1 for shares, so 3% does not fill the chart). */
  minMax?: number;
}

/**
 * Horizontal bars in SVG: one row per label, a value axis with nice ticks and grid lines, the
 * value at the end of each bar, and a readout of the row under the pointer or the one chosen with
 * ↑/↓ when the chart has focus. Drawn at its container's width. A null value is drawn as "–".
 */
export function BarChart({ data, title, unit, tone = 0, rowHeight = 28, formatTickValue = formatTick, formatValue = (v) => v.toLocaleString("en"), minMax = 1 }: BarChartProps) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>(320);
  const { active, setActive, readoutId, svgProps } = useChartReadout(data.length, "vertical");
  if (data.length === 0) {
    return (
      <figure className={styles.chart}>
        <figcaption className={styles.chartTitle}>{title}</figcaption>
        <p className={styles.empty}>No data yet.</p>
      </figure>
    );
  }
  const longest = Math.max(...data.map((d) => d.label.length));
  const labelWidth = Math.min(Math.round(width * 0.4), 16 + longest * 7);
  const valueRoom = 56;
  const top = 4;
  const height = top + data.length * rowHeight + 34;
  const values = data.map((d) => d.value ?? 0);
  const ticks = niceTicks(0, Math.max(minMax, ...values), Math.max(2, Math.min(6, Math.floor((width - labelWidth - valueRoom) / 90))));
  const sx = linearScale(0, ticks.max, labelWidth, Math.max(labelWidth + 20, width - valueRoom));
  const axisY = top + data.length * rowHeight;
  const current = active === null ? null : data[active];
  const describe = (d: Bar) => `${d.label}: ${d.value === null ? "–" : formatValue(d.value)}${d.note ? ` (${d.note})` : ""}`;

  return (
    <figure className={styles.chart}>
      <figcaption className={styles.chartTitle}>{title}</figcaption>
      <div ref={boxRef} className={styles.chartBox}>
        <svg
          className={`${styles.svg} ${toneClass(tone)}`}
          width={width}
          height={height}
          role="img"
          aria-label={`${title} (${unit}): ${data.map(describe).join(", ")}`}
          {...svgProps}
        >
          {ticks.values.map((v) => (
            <g key={v}>
              <line className={styles.gridLine} x1={sx(v)} x2={sx(v)} y1={top} y2={axisY} />
              <text className={styles.tick} x={sx(v)} y={axisY + 14} textAnchor="middle">
                {formatTickValue(v, ticks.step)}
              </text>
            </g>
          ))}
          <line className={styles.axisLine} x1={labelWidth} x2={labelWidth} y1={top} y2={axisY} />
          <text className={styles.axisTitle} x={width - 4} y={height - 4} textAnchor="end">
            {unit}
          </text>
          {data.map((d, i) => {
            const y = top + i * rowHeight;
            const end = d.value === null ? labelWidth : sx(d.value);
            return (
              <g key={i} className={d.tone === undefined ? undefined : toneClass(d.tone)} onPointerEnter={() => setActive(i)}>
                <rect className={styles.barHit} x={0} y={y} width={width} height={rowHeight} />
                <text className={styles.barLabel} x={labelWidth - 6} y={y + rowHeight / 2} dy="0.32em" textAnchor="end">
                  {d.label.length > (labelWidth - 16) / 7 ? `${d.label.slice(0, Math.max(1, Math.floor((labelWidth - 16) / 7) - 1))}…` : d.label}
                </text>
                <rect className={styles.bar} data-active={active === i} x={labelWidth} y={y + 5} width={Math.max(d.value ? 1 : 0, end - labelWidth)} height={rowHeight - 10} rx={3} />
                <text className={styles.valueLabel} x={end + 5} y={y + rowHeight / 2} dy="0.32em">
                  {d.value === null ? "–" : formatValue(d.value)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <p id={readoutId} className={styles.readout} aria-live="polite">
        {current ? <strong>{describe(current)}</strong> : "Hover a bar, or focus the chart and use ↑/↓, to read it"}
      </p>
    </figure>
  );
}
