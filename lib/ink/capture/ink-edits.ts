import { INK_VERSION, type Ink, type InkStroke } from "../types";

/** A fresh, frozen empty ink. */
export function emptyInk(): Ink {
  return Object.freeze({ version: INK_VERSION, strokes: Object.freeze([]) });
}

/**
 * A new ink with `stroke` appended. Earlier strokes are shared (they are immutable), the
 * previous ink is not touched, and the new values are frozen so accidental mutation throws
 * in strict mode instead of silently rewriting history.
 */
export function appendStroke(ink: Ink, stroke: InkStroke): Ink {
  const frozen: InkStroke = Object.freeze({ points: Object.freeze(stroke.points.map((p) => Object.freeze({ ...p }))) });
  return Object.freeze({ version: INK_VERSION, strokes: Object.freeze([...ink.strokes, frozen]) });
}

/** Last timestamp in the ink, or undefined when no point has one. */
export function lastTimestamp(ink: Ink): number | undefined {
  let last: number | undefined;
  for (const s of ink.strokes) for (const p of s.points) if (p.t !== undefined && (last === undefined || p.t > last)) last = p.t;
  return last;
}
