import { measureLine, meetingX, type LineModel } from "./line-model";

/**
 * Sorts lines top to bottom. Two lines are compared where they meet (meetingX), each carried
 * along its own slant, so a steeply skewed long line and a short line beside it keep their order.
 * Insertion sort: few lines, and stable for ties.
 */
export function sortLinesInReadingOrder(lines: readonly LineModel[], slopeSpan: number): LineModel[] {
  const measured = lines.map((line) => measureLine(line, slopeSpan));
  const above = (a: (typeof measured)[number], b: (typeof measured)[number]) => {
    const x = meetingX(a.line, b.line);
    const ya = a.centerAt(x);
    const yb = b.centerAt(x);
    return ya !== yb ? ya < yb : a.line.minX < b.line.minX;
  };
  const out: typeof measured = [];
  for (const m of measured) {
    let i = out.length;
    while (i > 0 && above(m, out[i - 1])) i--;
    out.splice(i, 0, m);
  }
  return out.map((m) => m.line);
}
