export interface Series {
  name: string;
  color: string;
  points: readonly (readonly [number, number])[];
}

/**
 * A small multi-series line chart in plain SVG (no chart library): shared axes from the data's
 * range, min/max labels, and a legend. Used live, so it redraws from whatever points exist.
 */
export function LineChart({ series, title, width = 420, height = 180, xLabel, format = (v: number) => v.toPrecision(3) }: { series: Series[]; title: string; width?: number; height?: number; xLabel: string; format?: (v: number) => string }) {
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const pad = { left: 52, right: 10, top: 10, bottom: 28 };
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const xMin = Math.min(...all.map((p) => p[0]));
  const xMax = Math.max(...all.map((p) => p[0]));
  const yMin = Math.min(0, ...all.map((p) => p[1]));
  const yMax = Math.max(...all.map((p) => p[1]));
  const sx = (x: number) => pad.left + (xMax > xMin ? ((x - xMin) / (xMax - xMin)) * innerW : innerW / 2);
  const sy = (y: number) => pad.top + innerH - (yMax > yMin ? ((y - yMin) / (yMax - yMin)) * innerH : innerH / 2);
  return (
    <figure style={{ margin: 0 }}>
      <figcaption style={{ fontWeight: 600 }}>
        {title}{" "}
        {series.map((s) => (
          <span key={s.name} style={{ color: s.color, fontWeight: 400, marginLeft: 8 }}>
            ■ {s.name}
          </span>
        ))}
      </figcaption>
      {all.length === 0 ? (
        <p style={{ color: "var(--muted)" }}>Waiting for the first points…</p>
      ) : (
        <svg width={width} height={height} role="img" aria-label={title}>
          <line x1={pad.left} y1={pad.top + innerH} x2={pad.left + innerW} y2={pad.top + innerH} stroke="var(--border)" />
          <line x1={pad.left} y1={pad.top} x2={pad.left} y2={pad.top + innerH} stroke="var(--border)" />
          <text x={pad.left - 4} y={pad.top + 10} textAnchor="end" fontSize="11" fill="currentColor">
            {format(yMax)}
          </text>
          <text x={pad.left - 4} y={pad.top + innerH} textAnchor="end" fontSize="11" fill="currentColor">
            {format(yMin)}
          </text>
          <text x={pad.left} y={height - 8} fontSize="11" fill="currentColor">
            {xMin}
          </text>
          <text x={pad.left + innerW} y={height - 8} textAnchor="end" fontSize="11" fill="currentColor">
            {xMax} {xLabel}
          </text>
          {series.map((s) => {
            const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
            return (
              <g key={s.name}>
                <polyline fill="none" stroke={s.color} strokeWidth={1.5} points={pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(" ")} />
                {pts.length <= 40 && pts.map(([x, y], i) => <circle key={i} cx={sx(x)} cy={sy(y)} r={2.5} fill={s.color} />)}
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
