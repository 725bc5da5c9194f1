import type { Ink } from "@/lib/ink/types";
import { inkBounds } from "@/lib/ink/ink-bounds";
import styles from "../admin.module.css";

/**
 * A stored ink drawn as SVG polylines, scaled to fit a width × height box with its aspect ratio
 * kept. The box is a viewBox: the drawing fills the width of its container (never wider), so a
 * 720-wide full ink fits a phone.
 */
export function InkPreview({ ink, width = 240, height = 80, label }: { ink: Ink | null; width?: number; height?: number; label: string }) {
  const bounds = ink ? inkBounds(ink) : null;
  if (!ink || !bounds) {
    return (
      <div className={styles.inkEmpty} role="img" aria-label="unreadable ink">
        unreadable ink
      </div>
    );
  }
  const { minX, minY, maxX, maxY } = bounds;
  const w = Math.max(1, maxX - minX), h = Math.max(1, maxY - minY);
  const scale = Math.min((width - 8) / w, (height - 8) / h);
  const ox = (width - w * scale) / 2, oy = (height - h * scale) / 2;
  return (
    <svg className={styles.ink} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`ink of “${label}”`}>
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
            vectorEffect="non-scaling-stroke"
            points={s.points.map((p) => `${(ox + (p.x - minX) * scale).toFixed(1)},${(oy + (p.y - minY) * scale).toFixed(1)}`).join(" ")}
          />
        ),
      )}
    </svg>
  );
}
