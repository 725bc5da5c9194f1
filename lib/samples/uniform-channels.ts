import type { Ink } from "../ink/types";

/**
 * The ink with `t` (and `p`) kept only when every point has it. InkML has one trace format
 * per document, so an ink whose strokes mix a pen (pressure) and a mouse (none) keeps x, y
 * and whatever all points share.
 */
export function uniformChannels(ink: Ink): Ink {
  const points = ink.strokes.flatMap((s) => s.points);
  const allT = points.every((p) => p.t !== undefined);
  const allP = points.every((p) => p.p !== undefined);
  return {
    version: ink.version,
    strokes: ink.strokes.map((s) => ({
      points: s.points.map((p) => ({
        x: p.x,
        y: p.y,
        ...(allT ? { t: p.t } : {}),
        ...(allP ? { p: p.p } : {}),
      })),
    })),
  };
}
