import type { Ink, InkStroke } from "../ink/types";
import type { InkLine } from "../ink/lines/segment-lines";
import type { Recognition } from "./recognizer";

/**
 * A stroke's identity for caching: a hash of its points (x, y and t, in order). Inks carry no
 * stroke ids, and a stroke never changes once written, so its content names it: the same stroke
 * after an undo and a redo, or after other strokes were added around it, has the same key.
 * Two strokes with identical points share a key, which is right: they read the same.
 */
export function strokeKey(stroke: InkStroke): string {
  // Two independent 32-bit FNV-1a hashes over the coordinates' float64 bytes: 64 bits, so a
  // collision between two different strokes of one note is far less likely than a bit flip.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ stroke.points.length;
  const view = new DataView(new ArrayBuffer(8));
  const mix = (v: number) => {
    view.setFloat64(0, v);
    for (let i = 0; i < 8; i++) {
      const byte = view.getUint8(i);
      a = Math.imul(a ^ byte, 0x01000193);
      b = Math.imul(b ^ byte, 0x0100019d) ^ (b >>> 13);
    }
  };
  for (const p of stroke.points) {
    mix(p.x);
    mix(p.y);
    mix(p.t ?? -1);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}.${stroke.points.length}`;
}

/** One key per line: its strokes' keys in ink order. Equal keys mean equal line inks, so equal readings. */
export function lineKeys(ink: Ink, lines: readonly InkLine[]): string[] {
  return lines.map((line) => line.strokes.map((i) => strokeKey(ink.strokes[i])).join(" "));
}

/**
 * The lines (indices into `after`) that must be read again: those whose key is not among the
 * lines read before. Adding a stroke dirties the line it joins (a late i-dot dirties the earlier
 * line it lands on, not the one being written); undoing it dirties that line again; a stroke that
 * starts a new line dirties only the new line; a line that split or merged is new.
 */
export function dirtyLines(before: readonly string[], after: readonly string[]): number[] {
  const known = new Set(before);
  return after.flatMap((key, i) => (known.has(key) ? [] : [i]));
}

/**
 * Readings of single lines by line key (lineKeys), in the line ink's own stroke indices, so that a
 * line reads from the cache wherever its strokes sit in the page. Least recently used lines go
 * first once it holds `capacity`, which is more lines than a note has plus their recent
 * undo/redo states. Clear it whenever what a line reads as may change (new weights, another LM).
 */
export class LineReadingCache {
  private readonly readings = new Map<string, Recognition>();
  hits = 0;
  misses = 0;

  constructor(readonly capacity = 256) {}

  get size(): number {
    return this.readings.size;
  }

  get(key: string): Recognition | undefined {
    const found = this.readings.get(key);
    if (found) {
      this.readings.delete(key);
      this.readings.set(key, found);
      this.hits++;
    } else this.misses++;
    return found;
  }

  set(key: string, reading: Recognition): void {
    this.readings.delete(key);
    this.readings.set(key, reading);
    while (this.readings.size > this.capacity) this.readings.delete(this.readings.keys().next().value!);
  }

  clear(): void {
    this.readings.clear();
  }
}
