import type { Ink } from "../../types";
import { formatIssue } from "../format-error";
import { childElements } from "../xml/xml-queries";
import type { XmlElement } from "../xml/xml-tree";
import { inkFromTraces, parseInkmlDocument, truthOf, type TraceEntry } from "./read-inkml";

/** One labelled ink of a multi-item InkML file, or where and why it is bad. */
export type InkmlItemResult =
  | { readonly ok: true; readonly line: number; readonly label: string | undefined; readonly ink: Ink }
  | { readonly ok: false; readonly line: number; readonly element: string; readonly error: string };

function labelledGroups(element: XmlElement, out: XmlElement[] = []): XmlElement[] {
  for (const child of childElements(element)) {
    if (child.localName !== "traceGroup") continue;
    const before = out.length;
    labelledGroups(child, out);
    // Innermost labelled groups are the items (e.g. CROHME symbols inside a "Segmentation" group).
    if (out.length === before && truthOf(child) !== undefined) out.push(child);
  }
  return out;
}

/**
 * Reads every labelled ink of an InkML file: each `<traceGroup>` with an
 * `<annotation type="truth">` (and no labelled group inside it) is one item. Its strokes are
 * the traces inside it plus those its `<traceView traceDataRef="#id">`s point to. Without any
 * labelled group, the whole document is one item labelled by its own truth annotation.
 *
 * A bad item comes back as `{ ok: false }` with its line and the rest continues; traces that
 * belong to no item are reported too, never dropped silently. Throws InkFormatError only when
 * the document as a whole is unreadable.
 */
export function readInkmlItems(source: string): InkmlItemResult[] {
  const doc = parseInkmlDocument(source);
  const groups = labelledGroups(doc.root);
  if (groups.length === 0) {
    const built = inkFromTraces(doc.traces, { line: doc.root.line, element: "<ink>" });
    if ("issues" in built) {
      return [{ ok: false, line: doc.root.line, element: "<ink>", error: built.issues.map(formatIssue).join("; ") }];
    }
    return [{ ok: true, line: doc.root.line, label: doc.truth, ink: built.ink }];
  }

  const byElement = new Map(doc.traces.map((t) => [t.element, t]));
  const byId = new Map(doc.traces.filter((t) => t.id !== undefined).map((t) => [t.id!, t]));
  const used = new Set<TraceEntry>();
  const results: InkmlItemResult[] = groups.map((group) => {
    const at = { line: group.line, element: "<traceGroup>" };
    const entries: TraceEntry[] = [];
    const problems: string[] = [];
    const walk = (e: XmlElement) => {
      for (const child of childElements(e)) {
        if (child.localName === "trace") entries.push(byElement.get(child)!);
        else if (child.localName === "traceView") {
          const ref = child.attributes.traceDataRef;
          if (child.attributes.from !== undefined || child.attributes.to !== undefined) {
            problems.push(`line ${child.line} <traceView>: from/to ranges are not supported`);
          } else if (ref === undefined) {
            problems.push(`line ${child.line} <traceView>: missing traceDataRef`);
          } else {
            const target = byId.get(ref.replace(/^#/, ""));
            if (target) entries.push(target);
            else problems.push(`line ${child.line} <traceView>: no trace with id "${ref}"`);
          }
        } else if (child.localName === "traceGroup") walk(child);
      }
    };
    walk(group);
    entries.forEach((e) => used.add(e));
    if (problems.length > 0) return { ok: false, ...at, error: problems.join("; ") };
    const built = inkFromTraces(entries, at);
    if ("issues" in built) return { ok: false, ...at, error: built.issues.map(formatIssue).join("; ") };
    return { ok: true, line: group.line, label: truthOf(group), ink: built.ink };
  });

  for (const orphan of doc.traces.filter((t) => !used.has(t))) {
    results.push({
      ok: false,
      line: orphan.element.line,
      element: "<trace>",
      error: "trace belongs to no labelled traceGroup",
    });
  }
  return results.sort((a, b) => a.line - b.line);
}
