import { INK_VERSION, type Ink } from "../ink/types";

/**
 * A word-sized stand-in for handwriting: a row of cursive loops (a prolate trochoid, like
 * "eeee…" joined up), 360 points over 2 strokes, with times at 100 Hz. Deterministic, so a
 * warm-up does the same work everywhere.
 */
export function warmUpInk(): Ink {
  const loops = (x0: number, count: number) =>
    Array.from({ length: count * 40 }, (_, i) => {
      const a = (i / 40) * 2 * Math.PI;
      return { x: x0 + 9 * a - 14 * Math.sin(a), y: 60 - 18 * Math.cos(a) + 6 * Math.sin(a / 3), t: i * 10 };
    });
  const first = loops(0, 5);
  const second = loops(first.at(-1)!.x + 30, 4).map((p) => ({ ...p, t: p.t + 2_500 }));
  return { version: INK_VERSION, strokes: [{ points: first }, { points: second }] };
}

/**
 * Reads warmUpInk `rounds` times the way the caller reads real ink (`read`: its recognizer,
 * decoding options and line handling), so that the browser's
 * engine has compiled the hot code (wasm kernels, preprocessing, the beam search and its LMs)
 * with its optimising tier before the first real stroke. V8 starts wasm in its baseline
 * compiler and JS in its interpreter and tiers each function up only after it has run a while:
 * measured on the Write page (2-core machine, Chromium), a freshly loaded page took 38–60 ms
 * for its first four or five words and 15–25 ms from then on.
 */
export function warmUp(read: (ink: Ink) => unknown, rounds = 8): void {
  const ink = warmUpInk();
  for (let i = 0; i < rounds; i++) read(ink);
}
