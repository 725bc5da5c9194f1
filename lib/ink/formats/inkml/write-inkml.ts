import { InkSchema, type Ink } from "../../types";
import { describeZodIssues } from "../format-error";
import { encodeEntities, encodeTextPreservingEdges } from "../xml/encode-entities";
import { INKML_NAMESPACE } from "./inkml-trace-format";

/** Shortest text that reads back as exactly the same double (including -0). */
function formatNumber(n: number): string {
  return Object.is(n, -0) ? "-0" : String(n);
}

interface Channels {
  readonly t: boolean;
  readonly p: boolean;
}

/** Which optional channels the inks carry; every point must agree, since InkML has no "missing" value. */
function channelsOf(inks: readonly Ink[]): Channels {
  let t: boolean | undefined;
  let p: boolean | undefined;
  inks.forEach((ink, i) =>
    ink.strokes.forEach((s, si) =>
      s.points.forEach((pt, pi) => {
        const where = `${inks.length > 1 ? `ink ${i + 1}, ` : ""}stroke ${si + 1}, point ${pi + 1}`;
        t ??= pt.t !== undefined;
        p ??= pt.p !== undefined;
        if (t !== (pt.t !== undefined)) throw new Error(`InkML: ${where} ${t ? "lacks" : "has"} t while others ${t ? "have" : "lack"} it`);
        if (p !== (pt.p !== undefined)) throw new Error(`InkML: ${where} ${p ? "lacks" : "has"} p while others ${p ? "have" : "lack"} it`);
      }),
    ),
  );
  return { t: t ?? false, p: p ?? false };
}

function validate(ink: Ink): void {
  const valid = InkSchema.safeParse(ink);
  if (!valid.success) throw new Error(`InkML: invalid ink: ${describeZodIssues(valid.error.issues)}`);
}

function traceFormat(channels: Channels, indent: string): string {
  const lines = [
    `${indent}<traceFormat>`,
    `${indent}  <channel name="X" type="decimal"/>`,
    `${indent}  <channel name="Y" type="decimal"/>`,
    ...(channels.t ? [`${indent}  <channel name="T" type="decimal" units="ms"/>`] : []),
    ...(channels.p ? [`${indent}  <channel name="F" type="decimal" min="0" max="1"/>`] : []),
    `${indent}</traceFormat>`,
  ];
  return lines.join("\n") + "\n";
}

function traces(ink: Ink, channels: Channels, indent: string): string {
  return ink.strokes
    .map((s) => {
      const points = s.points.map((pt) => {
        const values = [pt.x, pt.y];
        if (channels.t) values.push(pt.t!);
        if (channels.p) values.push(pt.p!);
        return values.map(formatNumber).join(" ");
      });
      return `${indent}<trace>${points.join(", ")}</trace>\n`;
    })
    .join("");
}

function truthAnnotation(label: string, indent: string): string {
  return `${indent}<annotation type="truth">${encodeTextPreservingEdges(label)}</annotation>\n`;
}

const HEADER = `<?xml version="1.0" encoding="UTF-8"?>\n<ink xmlns="${encodeEntities(INKML_NAMESPACE)}">\n`;

/**
 * Writes one ink as W3C InkML: a traceFormat with X Y (plus T in ms and F as pressure 0..1
 * when the ink has them), an optional document-level truth annotation, one `<trace>` per
 * stroke. Deterministic, and `readInkml` gives back exactly the same ink and label.
 * Throws when the ink is invalid or mixes points with and without t (or p).
 */
export function writeInkml(ink: Ink, options: { truth?: string } = {}): string {
  validate(ink);
  const channels = channelsOf([ink]);
  return (
    HEADER +
    traceFormat(channels, "  ") +
    (options.truth !== undefined ? truthAnnotation(options.truth, "  ") : "") +
    traces(ink, channels, "  ") +
    "</ink>\n"
  );
}

/**
 * Writes several labelled inks into one InkML file, one `<traceGroup>` with a truth
 * annotation each; `readInkmlItems` reads them back in order. All inks must agree on having
 * t and p (one trace format per document).
 */
export function writeInkmlItems(items: readonly { readonly label: string; readonly ink: Ink }[]): string {
  items.forEach((item) => validate(item.ink));
  const channels = channelsOf(items.map((i) => i.ink));
  const groups = items
    .map((item) => `  <traceGroup>\n${truthAnnotation(item.label, "    ")}${traces(item.ink, channels, "    ")}  </traceGroup>\n`)
    .join("");
  return HEADER + traceFormat(channels, "  ") + groups + "</ink>\n";
}
