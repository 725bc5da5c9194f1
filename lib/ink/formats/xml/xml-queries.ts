import { decodeEntities } from "./decode-entities";
import type { XmlElement, XmlText } from "./xml-tree";

/** Child elements, optionally only those with the given local name. */
export function childElements(element: XmlElement, localName?: string): XmlElement[] {
  return element.children.filter(
    (c): c is XmlElement => c.kind === "element" && (localName === undefined || c.localName === localName),
  );
}

/**
 * The decoded text content of an element (descendant text concatenated). Literal whitespace
 * at either end is treated as formatting and trimmed; whitespace written as character
 * references or inside CDATA is content and kept.
 */
export function textContent(element: XmlElement): string {
  const texts: XmlText[] = [];
  const collect = (e: XmlElement) => {
    for (const c of e.children) c.kind === "text" ? texts.push(c) : collect(c);
  };
  collect(element);
  const parts = texts.map((t) => ({ ...t, raw: t.raw }));
  // Trim literal whitespace from the first and last non-CDATA runs only.
  if (parts.length > 0 && !parts[0].cdata) parts[0] = { ...parts[0], raw: parts[0].raw.replace(/^\s+/, "") };
  const last = parts.length - 1;
  if (last >= 0 && !parts[last].cdata) parts[last] = { ...parts[last], raw: parts[last].raw.replace(/\s+$/, "") };
  return parts.map((t) => (t.cdata ? t.raw : decodeEntities(t.raw, t.line))).join("");
}
