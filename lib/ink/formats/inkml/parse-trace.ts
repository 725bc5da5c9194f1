import type { InkPoint } from "../../types";
import type { InkmlTraceFormat } from "./inkml-trace-format";

type Mode = "explicit" | "first" | "second";

// A value with an optional difference-order prefix: ! explicit, ' first difference, " second difference.
const VALUE = /\s*([!'"]?)\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;

/**
 * Parses the text of an InkML `<trace>` into points, per the trace format. Points are
 * separated by commas; values within a point by whitespace (or by a sign, as the grammar
 * allows). Difference-encoded values (' and ") are decoded. Throws an Error with a
 * human-readable reason (the caller adds the element and line).
 */
export function parseTrace(text: string, format: InkmlTraceFormat): InkPoint[] {
  const channels = format.channels;
  const regular = channels.filter((c) => !c.intermittent).length;
  const mode: Mode[] = channels.map(() => "explicit");
  const previous: (number | undefined)[] = channels.map(() => undefined);
  const velocity: number[] = channels.map(() => 0);
  const points: InkPoint[] = [];
  const rawPoints = text.split(",");
  if (rawPoints.length === 1 && rawPoints[0].trim() === "") return points;

  rawPoints.forEach((rawPoint, index) => {
    const values: number[] = [];
    let pos = 0;
    while (pos < rawPoint.length && rawPoint.slice(pos).trim() !== "") {
      VALUE.lastIndex = pos;
      const m = VALUE.exec(rawPoint);
      if (!m) throw new Error(`point ${index + 1}: cannot read "${rawPoint.slice(pos).trim().slice(0, 20)}" as a number`);
      pos = VALUE.lastIndex;
      const c = values.length;
      if (c >= channels.length) throw new Error(`point ${index + 1} has more than ${channels.length} values`);
      if (m[1] === "!") mode[c] = "explicit";
      else if (m[1] === "'") mode[c] = "first";
      else if (m[1] === '"') mode[c] = "second";
      const v = Number(m[2]);
      const prev = previous[c];
      let value: number;
      if (mode[c] === "explicit") {
        value = v;
        velocity[c] = prev === undefined ? 0 : value - prev;
      } else {
        if (prev === undefined) throw new Error(`point ${index + 1}: a difference-encoded value needs an earlier explicit value`);
        velocity[c] = mode[c] === "first" ? v : velocity[c] + v;
        value = prev + velocity[c];
      }
      previous[c] = value;
      values.push(value);
    }
    if (values.length < regular) {
      throw new Error(`point ${index + 1} has ${values.length} values, the trace format needs ${regular}`);
    }
    const point: { x: number; y: number; t?: number; p?: number } = { x: NaN, y: NaN };
    channels.forEach((ch, c) => {
      if (c >= values.length) return;
      const v = values[c];
      if (ch.name === "X") point.x = v;
      else if (ch.name === "Y") point.y = v;
      else if (ch.name === "T") point.t = ch.scale === 1 ? v : v * ch.scale;
      else if (ch.name === "F") {
        const p = ch.range ? (v - ch.range.min) / (ch.range.max - ch.range.min) : v;
        if (!(p >= 0 && p <= 1)) {
          throw new Error(
            `point ${index + 1}: F value ${v} is outside ${ch.range ? `the declared range [${ch.range.min}, ${ch.range.max}]` : "[0, 1] (declare min/max on the F channel)"}`,
          );
        }
        point.p = p;
      }
    });
    points.push(point);
  });
  return points;
}
