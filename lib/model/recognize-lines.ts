import type { Ink } from "../ink/types";
import { inkOfStrokes, segmentLines, type InkLine } from "../ink/lines/segment-lines";
import type { AlignedLetter, Recognition, RecognizeOptions, Recognizer } from "./recognizer";
import { lineKeys, type LineReadingCache } from "./line-reading-cache";

/** One line of a page, read on its own. Alignment indices are into this line's text; strokes are the page ink's. */
export interface LineRecognition extends Recognition {
  /** The page ink's strokes that make this line, ascending. */
  strokes: readonly number[];
}

/**
 * A page read line by line. The top-level fields have the single-line shape: `candidates` are
 * whole transcripts (lines joined with "\n"), and `alignment` indexes into the top one with the
 * page ink's stroke indices (frames counted as if the lines' frames were back to back). For an
 * ink of one line they are exactly what `recognize` returns for it, and `lines` holds that one
 * reading.
 */
export interface PageRecognition extends Recognition {
  lines: LineRecognition[];
}

export const LINE_SEPARATOR = "\n";

export { inkOfStrokes };

const NO_TIME: Recognition["timings"] = { preprocessMs: 0, networkMs: 0, decodeMs: 0, totalMs: 0 };

/**
 * Recognises a page of several lines: segments it (segmentLines, unless `lines` is given), reads
 * each line with `recognizer.recognize` and the same options, and joins the readings. The n-best
 * list is over whole pages, best summed score first: the top line readings, then the pages
 * that differ from them in the fewest, least costly places.
 *
 * With a `cache`, a line whose strokes were read before (with the same options and weights: the
 * caller clears the cache when those change) is taken from it instead of read again, so a note
 * that grows by a stroke costs one line's reading. Its timings then count as zero.
 */
export function recognizeLines(
  recognizer: Pick<Recognizer, "recognize">,
  ink: Ink,
  options: RecognizeOptions = {},
  lines: readonly InkLine[] = segmentLines(ink),
  cache?: LineReadingCache,
): PageRecognition {
  const keys = cache ? lineKeys(ink, lines) : [];
  const readLine = (lineInk: Ink, k: number): Recognition => {
    const cached = cache?.get(keys[k]);
    if (cached) return { ...cached, timings: NO_TIME };
    const r = recognizer.recognize(lineInk, options);
    cache?.set(keys[k], r);
    return r;
  };
  if (lines.length <= 1) {
    // One line: the ink itself, untouched, so that a word or a line reads exactly as before.
    const whole = lines.length === 1 ? readLine(ink, 0) : recognizer.recognize(ink, options);
    return { ...whole, lines: [{ ...whole, strokes: ink.strokes.map((_, i) => i) }] };
  }
  const read: LineRecognition[] = lines.map((line, k) => {
    const r = readLine(inkOfStrokes(ink, line.strokes), k);
    return { ...r, strokes: line.strokes, alignment: r.alignment.map((a) => ({ ...a, strokes: a.strokes.map((s) => line.strokes[s]) })) };
  });
  const nBest = options.nBest ?? Math.max(1, ...read.map((r) => r.candidates.length));
  const alignment: AlignedLetter[] = [];
  let textOffset = 0;
  let frameOffset = 0;
  for (const r of read) {
    for (const a of r.alignment) alignment.push({ ...a, index: a.index + textOffset, start: a.start + frameOffset, end: a.end + frameOffset });
    textOffset += (r.candidates[0]?.text.length ?? 0) + LINE_SEPARATOR.length;
    frameOffset += r.frames;
  }
  const sum = (key: keyof Recognition["timings"]) => read.reduce((n, r) => n + r.timings[key], 0);
  return {
    candidates: bestJoinedReadings(read.map((r) => r.candidates), nBest),
    alignment,
    timings: { preprocessMs: sum("preprocessMs"), networkMs: sum("networkMs"), decodeMs: sum("decodeMs"), totalMs: sum("totalMs") },
    frames: frameOffset,
    lines: read,
  };
}

type Candidate = Recognition["candidates"][number];

/**
 * The `count` best pages from per-line candidate lists (each best first): best-first search over
 * which candidate each line takes, the page's score being the sum of its lines'. A line with no
 * candidate (nothing readable) contributes an empty text.
 */
export function bestJoinedReadings(perLine: readonly (readonly Candidate[])[], count: number): Candidate[] {
  const lists = perLine.map((c) => (c.length ? c : [{ text: "", score: 0 }]));
  const score = (pick: number[]) => pick.reduce((n, k, i) => n + lists[i][k].score, 0);
  const start = lists.map(() => 0);
  const frontier = [{ pick: start, score: score(start) }];
  const seen = new Set([start.join()]);
  const out: Candidate[] = [];
  const texts = new Set<string>();
  while (out.length < count && frontier.length) {
    frontier.sort((a, b) => b.score - a.score);
    const { pick, score: s } = frontier.shift()!;
    const text = pick.map((k, i) => lists[i][k].text).join(LINE_SEPARATOR);
    if (!texts.has(text)) {
      texts.add(text);
      out.push({ text, score: s });
    }
    pick.forEach((k, i) => {
      if (k + 1 >= lists[i].length) return;
      const next = pick.map((v, j) => (j === i ? v + 1 : v));
      if (seen.has(next.join())) return;
      seen.add(next.join());
      frontier.push({ pick: next, score: score(next) });
    });
  }
  return out;
}
