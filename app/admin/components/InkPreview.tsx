import type { Ink } from "@/lib/ink/types";

/** A stored ink drawn as SVG polylines, scaled to fit the box with its aspect ratio kept. */
export function InkPreview({ ink, width = 240, height = 80, label }: { ink: Ink | null; width?: number; height?: number; label: string }) {
  if (!ink || ink.strokes.length === 0) {
    return (
      <div style={{ width, height, display: "grid", placeItems: "center", color: "var(--muted)", border: "1px dashed var(--border)" }} role="img" aria-label="unreadable ink">
        unreadable ink
      </div>
    );
  }
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const s of ink.strokes)
    for (const p of s.points) {
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    }
  const w = Math.max(1, maxX - minX), h = Math.max(1, maxY - minY);
  const scale = Math.min((width - 8) / w, (height - 8) / h);
  const ox = (width - w * scale) / 2, oy = (height - h * scale) / 2;
  return (
    <svg width={width} height={height} role="img" aria-label={`ink of “${label}”`} style={{ background: "var(--surface)", border: "1px solid var(--border)", borderRadius: 4 }}>
      {ink.strokes.map((s, i) =>
        s.points.length === 1 ? (
          <circle key={i} cx={ox + (s.points[0].x - minX) * scale} cy={oy + (s.points[0].y - minY) * scale} r={1.5} fill="currentColor" />
        ) : (
          <polyline
            key={i}
            fill="none"
            stroke="currentColor"
            strokeWidth={1.6}
            strokeLinecap="round"
            strokeLinejoin="round"
            points={s.points.map((p) => `${(ox + (p.x - minX) * scale).toFixed(1)},${(oy + (p.y - minY) * scale).toFixed(1)}`).join(" ")}
          />
        ),
      )}
    </svg>
  );
}
