/** Horizontal bars in plain SVG: one row per label, the value at the end of the bar. */
export function BarChart({ data, title, width = 360, rowHeight = 22, color = "var(--accent)" }: { data: { label: string; value: number }[]; title: string; width?: number; rowHeight?: number; color?: string }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  const labelWidth = 96;
  const barSpace = width - labelWidth - 48;
  const height = Math.max(rowHeight, data.length * rowHeight);
  return (
    <figure style={{ margin: 0 }}>
      <figcaption style={{ fontWeight: 600, marginBottom: 4 }}>{title}</figcaption>
      {data.length === 0 ? (
        <p style={{ color: "var(--muted)" }}>No data yet.</p>
      ) : (
        <svg width={width} height={height} role="img" aria-label={`${title}: ${data.map((d) => `${d.label} ${d.value}`).join(", ")}`}>
          {data.map((d, i) => (
            <g key={d.label} transform={`translate(0 ${i * rowHeight})`}>
              <text x={labelWidth - 6} y={rowHeight * 0.68} textAnchor="end" fontSize="12" fill="currentColor">
                {d.label}
              </text>
              <rect x={labelWidth} y={3} width={(barSpace * d.value) / max} height={rowHeight - 6} fill={color} rx={2} />
              <text x={labelWidth + (barSpace * d.value) / max + 4} y={rowHeight * 0.68} fontSize="12" fill="currentColor">
                {d.value}
              </text>
            </g>
          ))}
        </svg>
      )}
    </figure>
  );
}
