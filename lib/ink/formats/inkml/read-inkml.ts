import { INK_VERSION, InkSchema, type Ink, type InkStroke } from "../../types";
import { describeZodIssues, InkFormatError, type FormatIssue } from "../format-error";
import { parseXml } from "../xml/parse-xml";
import { childElements, textContent } from "../xml/xml-queries";
import { XmlSyntaxError, type XmlElement } from "../xml/xml-tree";
import { DEFAULT_TRACE_FORMAT, type InkmlTraceFormat } from "./inkml-trace-format";
import { parseTrace } from "./parse-trace";
import { readTraceFormat } from "./read-trace-format";

/** A parsed InkML document, before it is turned into inks. Shared by the two readers. */
export interface InkmlDocument {
  readonly root: XmlElement;
  readonly format: InkmlTraceFormat;
  /** Every `<trace>` in document order, with its stroke or the reason it is bad. */
  readonly traces: readonly TraceEntry[];
  /** The text of `<annotation type="truth">` directly under `<ink>`, if any. */
  readonly truth: string | undefined;
}

export interface TraceEntry {
  readonly element: XmlElement;
  readonly id: string | undefined;
  readonly stroke: InkStroke | undefined;
  readonly issue: FormatIssue | undefined;
}

export function truthOf(element: XmlElement): string | undefined {
  const annotation = childElements(element, "annotation").find((a) => a.attributes.type === "truth");
  return annotation ? textContent(annotation) : undefined;
}

function findFirst(element: XmlElement, localName: string): XmlElement | undefined {
  for (const child of childElements(element)) {
    if (child.localName === localName) return child;
    const inner = findFirst(child, localName);
    if (inner) return inner;
  }
  return undefined;
}

function collect(element: XmlElement, localName: string, out: XmlElement[] = []): XmlElement[] {
  for (const child of childElements(element)) {
    if (child.localName === localName) out.push(child);
    else collect(child, localName, out);
  }
  return out;
}

/**
 * Parses the XML and the trace format and every trace. Throws InkFormatError only for
 * problems that make the whole document unreadable (XML syntax, wrong root, bad traceFormat).
 */
export function parseInkmlDocument(source: string): InkmlDocument {
  let root: XmlElement;
  try {
    root = parseXml(source);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new InkFormatError("InkML", [{ line: e.line, message: e.message }]);
    throw e;
  }
  if (root.localName !== "ink") {
    throw new InkFormatError("InkML", [{ line: root.line, element: `<${root.name}>`, message: "root element must be <ink>" }]);
  }
  // The first traceFormat anywhere (directly under <ink>, or in <definitions>/<context>) applies
  // to all traces; documents mixing several trace formats are not supported.
  const formatElement = findFirst(root, "traceFormat");
  let format = DEFAULT_TRACE_FORMAT;
  if (formatElement) {
    const read = readTraceFormat(formatElement);
    if ("issue" in read) throw new InkFormatError("InkML", [read.issue]);
    format = read.format;
  }
  const traces = collect(root, "trace").map((element): TraceEntry => {
    const id = element.attributes["xml:id"] ?? element.attributes.id;
    const at = { line: element.line, element: id !== undefined ? `<trace id="${id}">` : "<trace>" };
    try {
      const points = parseTrace(textContent(element), format);
      if (points.length === 0) return { element, id, stroke: undefined, issue: { ...at, message: "trace has no points" } };
      return { element, id, stroke: { points }, issue: undefined };
    } catch (e) {
      const message = e instanceof XmlSyntaxError ? e.message : (e as Error).message;
      return { element, id, stroke: undefined, issue: { ...at, message } };
    }
  });
  return { root, format, traces, truth: truthOf(root) };
}

/** Builds and validates an ink from trace entries; returns the issues instead when any is bad. */
export function inkFromTraces(entries: readonly TraceEntry[], at: { line: number; element: string }): { ink: Ink } | { issues: FormatIssue[] } {
  const issues = entries.flatMap((e) => (e.issue ? [e.issue] : []));
  if (issues.length > 0) return { issues };
  const ink: Ink = { version: INK_VERSION, strokes: entries.map((e) => e.stroke!) };
  const valid = InkSchema.safeParse(ink);
  if (!valid.success) return { issues: [{ ...at, message: describeZodIssues(valid.error.issues) }] };
  return { ink };
}

/**
 * Reads an InkML document as one ink: every `<trace>` in document order is a stroke, and the
 * document-level `<annotation type="truth">` is the label. Throws InkFormatError listing
 * every bad trace with its line.
 */
export function readInkml(source: string): { ink: Ink; truth: string | undefined } {
  const doc = parseInkmlDocument(source);
  const built = inkFromTraces(doc.traces, { line: doc.root.line, element: "<ink>" });
  if ("issues" in built) throw new InkFormatError("InkML", built.issues);
  return { ink: built.ink, truth: doc.truth };
}
