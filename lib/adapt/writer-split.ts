/**
 * The adaptation benchmark's protocol, as a pure function so it is the same for every dataset:
 * group samples by writer (keeping file order), keep the writers with more than `train`
 * samples (the `writers` largest, ties by first appearance, when a limit is given), and split
 * each writer's samples into the first `train` (adaptation) and the rest (test). A shuffle seed
 * reorders each writer's samples first (UNIPEN's rule: "50 of their samples, fixed seed");
 * without one, file order decides (the --data rule: "their first --train").
 */
import { mulberry32 } from "../random/mulberry32";
import { shuffleInPlace } from "../training/shuffle";

export interface WriterSplit<T> {
  writer: string;
  adapt: T[];
  test: T[];
}

export function splitWriters<T extends { writer: string }>(samples: readonly T[], options: { train: number; writers?: number; shuffleSeed?: number }): WriterSplit<T>[] {
  const { train } = options;
  if (!Number.isInteger(train) || train < 1) throw new Error(`train must be a positive integer, got ${train}`);
  const byWriter = new Map<string, T[]>();
  for (const s of samples) {
    const list = byWriter.get(s.writer) ?? [];
    list.push(s);
    byWriter.set(s.writer, list);
  }
  let writers = [...byWriter].filter(([, list]) => list.length > train);
  if (options.writers !== undefined) writers = writers.map((w, i) => ({ w, i })).sort((a, b) => b.w[1].length - a.w[1].length || a.i - b.i).slice(0, options.writers).map((x) => x.w);
  return writers.map(([writer, list]) => {
    const ordered = options.shuffleSeed === undefined ? [...list] : shuffleInPlace([...list], mulberry32(options.shuffleSeed));
    return { writer, adapt: ordered.slice(0, train), test: ordered.slice(train) };
  });
}
