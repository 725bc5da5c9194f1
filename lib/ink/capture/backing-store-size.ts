/** Browsers refuse or silently blank canvases beyond about this many pixels per side. */
export const MAX_CANVAS_SIDE = 8192;

/**
 * Device-pixel size for a canvas shown at `cssWidth` x `cssHeight` on a display with
 * `devicePixelRatio`, so that strokes are crisp on high-DPI screens. The scale is lowered
 * when the result would exceed MAX_CANVAS_SIDE; the size is never below 1 x 1.
 */
export function backingStoreSize(cssWidth: number, cssHeight: number, devicePixelRatio: number): { width: number; height: number; scale: number } {
  const w = Number.isFinite(cssWidth) && cssWidth > 0 ? cssWidth : 0;
  const h = Number.isFinite(cssHeight) && cssHeight > 0 ? cssHeight : 0;
  let scale = Number.isFinite(devicePixelRatio) && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const largest = Math.max(w, h) * scale;
  if (largest > MAX_CANVAS_SIDE) scale *= MAX_CANVAS_SIDE / largest;
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)), scale };
}
