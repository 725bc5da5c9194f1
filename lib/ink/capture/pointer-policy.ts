import type { PointerKind } from "./stroke-builder";

/**
 * Which pointers may draw:
 * - "any": pen, touch and mouse;
 * - "pen-only": only a pen (palm rejection for tablets with a stylus);
 * - "auto": anything until a pen is seen, then touch is ignored (the hand resting on the
 *   screen while writing with a pen must not draw).
 */
export type InputMode = "any" | "pen-only" | "auto";

export type PointerDownDecision = "start" | "ignore" | "replace";

/**
 * What to do with a new pointerdown. Only one stroke is drawn at a time; a second finger is
 * ignored. A pen that touches down while a touch stroke is in progress replaces it: that
 * touch was the palm arriving first.
 */
export function decidePointerDown(
  mode: InputMode,
  penSeen: boolean,
  incoming: PointerKind,
  active: PointerKind | undefined,
): PointerDownDecision {
  const allowed =
    mode === "any" ? true : mode === "pen-only" ? incoming === "pen" : incoming !== "touch" || !penSeen;
  if (!allowed) return "ignore";
  if (active === undefined) return "start";
  return incoming === "pen" && active === "touch" ? "replace" : "ignore";
}
