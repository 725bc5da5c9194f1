"use client";
import type { PointerEvent } from "react";
import styles from "../admin.module.css";
import { formatTick, linearScale, nearestIndex, niceTicks, unionXs, valueAt } from "./chart-scale";
import { toneClass, type Tone } from "./chart-tones";
import { useChartReadout } from "./use-chart-readout";
import { useElementWidth } from "./use-element-width";


export interface Series {
  name: string;
  /** Which of the theme's chart colours (accent, danger, violet, green). */
  tone: Tone;
  points: readonly (readonly [number, number])[];
}

interface LineChartProps {
  series: Series[];
  title: string;
  /** The x axis's title with its unit, e.g. "training step". */
  xLabel: string;
  /** The y axis's title with its unit, e.g. "CTC loss (nats)". */
  yLabel: string;
  height?: number;
  /** A y tick label (the tick spacing given so labels show just the decimals needed). */
  formatTickY?: (value: number, step: number) => string;
  /** A y value in the readout. */
  formatValue?: (value: number) => string;
}

const PAD = { left: 48, right: 14, top: 24, bottom: 40 };

/**
 * A multi-series line chart in SVG (see chart-scale.ts for why no library): nice ticks and grid
 * lines on both axes, axis titles with units, and a readout of every series at the step under
 * the pointer, or at the step chosen with the arrow keys when the chart has focus. Without a
 * pointer it reads the latest step, which is what a live training curve wants. Drawn at its
 * container's width; used live, so it redraws from whatever points exist.
 */
export function LineChart({ series, title, xLabel, yLabel, height = 200, formatTickY = formatTick, formatValue = (v) => v.toPrecision(3) }: LineChartProps) {
  const [boxRef, width] = useElementWidth<HTMLDivElement>(420);
  const clean = series.map((s) => ({ ...s, points: s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)) }));
  const xs = unionXs(clean);
  // The keys start from the latest step, which the readout shows before any pointer or key.
  const { active, setActive, readoutId, svgProps } = useChartReadout(xs.length, "horizontal", xs.length - 1);
  const legend = (
    <span className={styles.chartTitle}>
      {title}
      {series.map((s) => (
        <span key={s.name} className={`${styles.legend} ${toneClass(s.tone)}`}>
          <span className={styles.swatch} aria-hidden="true" />
          {s.name}
        </span>
      ))}
    </span>
  );
  if (xs.length === 0) {
    return (
      <figure className={styles.chart}>
        <figcaption>{legend}</figcaption>
        <p className={styles.empty}>Waiting for the first points…</p>
      </figure>
    );
  }
  const ys = clean.flatMap((s) => s.points.map((p) => p[1]));
  const innerW = Math.max(40, width - PAD.left - PAD.right);
  const innerH = height - PAD.top - PAD.bottom;
  const xt = niceTicks(xs[0], xs[xs.length - 1], Math.max(2, Math.floor(innerW / 70)), { integer: true });
  const yt = niceTicks(Math.min(0, ...ys), Math.max(...ys), Math.max(2, Math.floor(innerH / 36)));
  const sx = linearScale(xt.min, xt.max, PAD.left, PAD.left + innerW);
  const sy = linearScale(yt.min, yt.max, PAD.top + innerH, PAD.top);
  const shown = active ?? xs.length - 1;
  const x = xs[Math.min(shown, xs.length - 1)];

  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const dataX = xt.min + ((e.clientX - box.left - PAD.left) / innerW) * (xt.max - xt.min);
    setActive(nearestIndex(xs, dataX));
  };

  return (
    <figure className={styles.chart}>
      <figcaption>{legend}</figcaption>
      <div ref={boxRef} className={styles.chartBox}>
        <svg
          className={styles.svg}
          width={width}
          height={height}
          role="img"
          aria-label={`${title}: ${yLabel} against ${xLabel}, ${xs.length} points; arrow keys step through them`}
          {...svgProps}
          onPointerMove={onPointerMove}
        >
          {yt.values.map((v) => (
            <g key={`y${v}`}>
              <line className={styles.gridLine} x1={PAD.left} x2={PAD.left + innerW} y1={sy(v)} y2={sy(v)} />
              <text className={styles.tick} x={PAD.left - 6} y={sy(v)} dy="0.32em" textAnchor="end">
                {formatTickY(v, yt.step)}
              </text>
            </g>
          ))}
          {xt.values.map((v) => (
            <text key={`x${v}`} className={styles.tick} x={sx(v)} y={PAD.top + innerH + 16} textAnchor="middle">
              {formatTick(v, xt.step)}
            </text>
          ))}
          <line className={styles.axisLine} x1={PAD.left} x2={PAD.left + innerW} y1={PAD.top + innerH} y2={PAD.top + innerH} />
          <text className={styles.axisTitle} x={PAD.left + innerW} y={height - 4} textAnchor="end">
            {xLabel}
          </text>
          <text className={styles.axisTitle} x={4} y={12}>
            {yLabel}
          </text>
          {active !== null && <line className={styles.guide} x1={sx(x)} x2={sx(x)} y1={PAD.top} y2={PAD.top + innerH} />}
          {clean.map((s) => {
            const y = valueAt(s.points, x);
            return (
              <g key={s.name} className={toneClass(s.tone)}>
                <polyline className={styles.line} points={s.points.map(([px, py]) => `${sx(px).toFixed(1)},${sy(py).toFixed(1)}`).join(" ")} />
                {s.points.length <= 40 && s.points.map(([px, py], i) => <circle key={i} className={styles.dot} cx={sx(px)} cy={sy(py)} r={2.5} />)}
                {y !== null && <circle className={styles.dotActive} cx={sx(x)} cy={sy(y)} r={4} />}
              </g>
            );
          })}
        </svg>
      </div>
      <p id={readoutId} className={styles.readout} aria-live="polite" data-testid="chart-readout">
        {active === null ? "latest: " : ""}
        {xLabel} <strong>{x}</strong>
        {clean.map((s) => {
          const y = valueAt(s.points, x);
          return y === null ? null : (
            <span key={s.name}>
              {" · "}
              {s.name} <strong>{formatValue(y)}</strong>
            </span>
          );
        })}
      </p>
    </figure>
  );
}
