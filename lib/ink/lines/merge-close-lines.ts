import { measureLine, meetingX, mergeLines, type LineModel } from "./line-model";

/** Median box height of a line's strokes: how tall its letters are. */
function letterHeight(line: LineModel): number {
  const hs = line.strokes.map((s) => s.maxY - s.minY).sort((a, b) => a - b);
  return hs[hs.length >> 1];
}

/**
 * Joins lines whose centres, where they meet, are closer than `tolerance` (ink units) or than
 * `fraction` of the two lines' mean letter height, closest pair (relative to that) first. Chaining stroke by stroke sometimes starts a second line beside the first (a tall
 * capital, a long descender, a word written a little higher): such pieces sit at the line's
 * height, while the next real line sits two to four letter heights lower.
 */
export function mergeCloseLines(lines: readonly LineModel[], tolerance: number, fraction: number, slopeSpan: number): LineModel[] {
  let current = [...lines];
  for (;;) {
    const measured = current.map((line) => measureLine(line, slopeSpan));
    let best: [number, number] | undefined;
    let bestRatio = 1;
    const heights = current.map(letterHeight);
    for (let i = 0; i < measured.length; i++) {
      for (let j = i + 1; j < measured.length; j++) {
        const x = meetingX(measured[i].line, measured[j].line);
        const gap = Math.abs(measured[i].centerAt(x) - measured[j].centerAt(x));
        const ratio = gap / Math.max(tolerance, (fraction * (heights[i] + heights[j])) / 2);
        if (ratio < bestRatio) {
          best = [i, j];
          bestRatio = ratio;
        }
      }
    }
    if (!best) return current;
    const [i, j] = best;
    current = [...current.filter((_, k) => k !== i && k !== j), mergeLines(current[i], current[j])];
  }
}
