import { childElements } from "../xml/xml-queries";
import type { XmlElement } from "../xml/xml-tree";
import { describeZodIssues, type FormatIssue } from "../format-error";
import { InkmlChannelSchema, TIME_UNIT_TO_MS, type InkmlChannel, type InkmlTraceFormat } from "./inkml-trace-format";

/** Reads a `<traceFormat>` element: its `<channel>`s, then those in `<intermittentChannels>`. */
export function readTraceFormat(element: XmlElement): { format: InkmlTraceFormat } | { issue: FormatIssue } {
  const channels: InkmlChannel[] = [];
  const declared = [
    ...childElements(element, "channel").map((c) => ({ c, intermittent: false })),
    ...childElements(element, "intermittentChannels").flatMap((g) =>
      childElements(g, "channel").map((c) => ({ c, intermittent: true })),
    ),
  ];
  for (const { c, intermittent } of declared) {
    const parsed = InkmlChannelSchema.safeParse(c.attributes);
    const at = { line: c.line, element: "<channel>" };
    if (!parsed.success) return { issue: { ...at, message: describeZodIssues(parsed.error.issues) } };
    const { name, units, min, max } = parsed.data;
    let scale = 1;
    if (name === "T") {
      const perUnit = TIME_UNIT_TO_MS[units ?? "ms"];
      if (perUnit === undefined) return { issue: { ...at, message: `unsupported time units "${units}" (use ms, s or us)` } };
      scale = perUnit;
    }
    let range: InkmlChannel["range"];
    if (name === "F" && max !== undefined) {
      const lo = min ?? 0;
      if (!(max > lo)) return { issue: { ...at, message: `F channel max (${max}) must exceed min (${lo})` } };
      range = { min: lo, max };
    }
    if (channels.some((k) => k.name === name)) return { issue: { ...at, message: `duplicate channel "${name}"` } };
    channels.push({ name, scale, intermittent, ...(range ? { range } : {}) });
  }
  for (const required of ["X", "Y"]) {
    const ch = channels.find((k) => k.name === required);
    if (!ch || ch.intermittent) {
      return { issue: { line: element.line, element: "<traceFormat>", message: `needs a regular ${required} channel` } };
    }
  }
  return { format: { channels } };
}
