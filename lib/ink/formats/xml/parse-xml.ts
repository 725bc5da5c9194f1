import { XmlElement, XmlSyntaxError, XmlText } from "./xml-tree";
import { decodeEntities } from "./decode-entities";

interface MutableElement {
  kind: "element";
  name: string;
  localName: string;
  attributes: Record<string, string>;
  children: (XmlElement | XmlText)[];
  line: number;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const SPACE = /\s*/y;

/**
 * Parses an XML document into an element tree with line numbers. Pure (no DOM), so it runs
 * the same in Node and in the browser.
 *
 * Supported: elements, attributes (single or double quotes), text, CDATA, comments,
 * processing instructions and the XML declaration (skipped), a DOCTYPE without an internal
 * subset (skipped), predefined entities and character references. Not supported on purpose:
 * DTD-defined entities (rejected with a clear error). Whitespace-only text between elements
 * is kept as text nodes; consumers decide whether it matters.
 */
export function parseXml(source: string): XmlElement {
  let pos = 0;
  let line = 1;
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;

  const advanceTo = (end: number) => {
    for (let i = pos; i < end; i++) if (source.charCodeAt(i) === 10) line++;
    pos = end;
  };
  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, line);
  };
  const expectEnd = (marker: string, what: string) => {
    const end = source.indexOf(marker, pos);
    if (end < 0) fail(`unterminated ${what}`);
    return end;
  };
  const readName = (what: string): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(source);
    if (!m) fail(`expected ${what} name`);
    advanceTo(pos + m![0].length);
    return m![0];
  };
  const skipSpace = () => {
    SPACE.lastIndex = pos;
    advanceTo(pos + SPACE.exec(source)![0].length);
  };
  const appendChild = (node: XmlElement | XmlText) => {
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else if (node.kind === "text" && node.raw.trim() !== "") fail("text outside the root element");
  };

  if (source.charCodeAt(0) === 0xfeff) pos = 1; // byte-order mark

  while (pos < source.length) {
    const lt = source.indexOf("<", pos);
    if (lt !== pos) {
      const end = lt < 0 ? source.length : lt;
      const raw = source.slice(pos, end);
      const startLine = line;
      if (raw.includes("]]>")) fail('"]]>" is not allowed in text');
      decodeEntities(raw, startLine); // validate now so errors point at the right line
      advanceTo(end);
      appendChild({ kind: "text", raw, cdata: false, line: startLine });
      continue;
    }
    if (source.startsWith("<!--", pos)) {
      advanceTo(expectEnd("-->", "comment") + 3);
    } else if (source.startsWith("<![CDATA[", pos)) {
      const startLine = line;
      const end = expectEnd("]]>", "CDATA section");
      const raw = source.slice(pos + 9, end);
      advanceTo(end + 3);
      if (stack.length === 0) fail("CDATA outside the root element");
      appendChild({ kind: "text", raw, cdata: true, line: startLine });
    } else if (source.startsWith("<?", pos)) {
      advanceTo(expectEnd("?>", "processing instruction") + 2);
    } else if (source.startsWith("<!DOCTYPE", pos)) {
      const end = expectEnd(">", "DOCTYPE");
      if (source.slice(pos, end).includes("[")) fail("DOCTYPE internal subsets are not supported");
      advanceTo(end + 1);
    } else if (source.startsWith("</", pos)) {
      advanceTo(pos + 2);
      const name = readName("closing tag");
      skipSpace();
      if (source[pos] !== ">") fail(`expected ">" to close </${name}`);
      advanceTo(pos + 1);
      const open = stack.pop();
      if (!open) fail(`unexpected closing tag </${name}>`);
      if (open!.name !== name) fail(`closing tag </${name}> does not match <${open!.name}> opened at line ${open!.line}`);
    } else {
      const startLine = line;
      advanceTo(pos + 1);
      const name = readName("element");
      const attributes: Record<string, string> = {};
      for (;;) {
        const before = pos;
        skipSpace();
        if (source.startsWith("/>", pos) || source[pos] === ">") break;
        if (pos === before) fail(`expected whitespace before attribute in <${name}>`);
        if (pos >= source.length) fail(`unterminated tag <${name}>`);
        const attr = readName("attribute");
        skipSpace();
        if (source[pos] !== "=") fail(`attribute "${attr}" of <${name}> has no value`);
        advanceTo(pos + 1);
        skipSpace();
        const quote = source[pos];
        if (quote !== '"' && quote !== "'") fail(`attribute "${attr}" of <${name}> must be quoted`);
        const close = source.indexOf(quote, pos + 1);
        if (close < 0) fail(`unterminated value of attribute "${attr}" in <${name}>`);
        const rawValue = source.slice(pos + 1, close);
        if (rawValue.includes("<")) fail(`"<" in value of attribute "${attr}" of <${name}>`);
        if (attr in attributes) fail(`duplicate attribute "${attr}" in <${name}>`);
        // Attribute-value normalisation: literal whitespace becomes a space (XML 1.0 §3.3.3).
        attributes[attr] = decodeEntities(rawValue.replace(/[\t\n\r]/g, " "), line);
        advanceTo(close + 1);
      }
      const selfClosing = source[pos] === "/";
      advanceTo(pos + (selfClosing ? 2 : 1));
      const colon = name.indexOf(":");
      const element: MutableElement = {
        kind: "element",
        name,
        localName: colon >= 0 ? name.slice(colon + 1) : name,
        attributes,
        children: [],
        line: startLine,
      };
      if (stack.length === 0) {
        if (root) fail(`second root element <${name}>`);
        root = element;
      } else {
        appendChild(element);
      }
      if (!selfClosing) stack.push(element);
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1];
    fail(`element <${open.name}> opened at line ${open.line} is never closed`);
  }
  if (!root) fail("document has no root element");
  return root!;
}
