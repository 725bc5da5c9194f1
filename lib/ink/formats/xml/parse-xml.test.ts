import { describe, expect, it } from "vitest";
import { parseXml } from "./parse-xml";
import { childElements, textContent } from "./xml-queries";
import { XmlSyntaxError } from "./xml-tree";
import { encodeEntities, encodeTextPreservingEdges } from "./encode-entities";

function syntaxError(source: string): XmlSyntaxError {
  try {
    parseXml(source);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return e;
    throw e;
  }
  throw new Error("expected a syntax error");
}

describe("parseXml", () => {
  it("reads elements, attributes, text, CDATA and line numbers, skipping prolog and comments", () => {
    const root = parseXml(
      `\ufeff<?xml version="1.0"?>\n<!DOCTYPE ink>\n<!-- c -->\n<a:ink x='1' y="a &amp; b">\n  <b>t &lt;&#65;&#x42;</b>\n  <c/><![CDATA[<raw>&amp;]]>\n</a:ink>\n`,
    );
    expect(root.name).toBe("a:ink");
    expect(root.localName).toBe("ink");
    expect(root.line).toBe(4);
    expect(root.attributes).toEqual({ x: "1", y: "a & b" });
    const [b, c] = childElements(root);
    expect(b.line).toBe(5);
    expect(textContent(b)).toBe("t <AB");
    expect(c.line).toBe(6);
    expect(c.children).toEqual([]);
    expect(textContent(root)).toBe("t <AB\n  <raw>&amp;");
  });

  it("normalises literal whitespace in attribute values", () => {
    expect(parseXml(`<a v="x\ny\tz&#10;"/>`).attributes.v).toBe("x y z\n");
  });

  it.each([
    [`<a>\n<b>\n</a>`, 3, "does not match <b>"],
    [`<a>\n<b>`, 2, "is never closed"],
    [`<a/>\n<b/>`, 2, "second root"],
    [`<a>&nbsp;</a>`, 1, 'unknown entity "&nbsp;"'],
    [`<a>\n &amp </a>`, 1, "unterminated entity"],
    [`<a x=1/>`, 1, "must be quoted"],
    [`<a x="1" x="2"/>`, 1, "duplicate attribute"],
    [`<a>\n\n<!-- x`, 3, "unterminated comment"],
    [``, 1, "no root element"],
    [`hello <a/>`, 1, "text outside the root"],
    [`<a>&#0;</a>`, 1, "invalid character reference"],
    [`<!DOCTYPE a [<!ENTITY e "x">]><a/>`, 1, "internal subsets"],
    [`<a>]]></a>`, 1, '"]]>"'],
  ])("rejects %j at line %i", (source, line, message) => {
    const e = syntaxError(source);
    expect(e.line).toBe(line);
    expect(e.message).toContain(message);
  });
});

describe("textContent and encoding", () => {
  it("trims literal edge whitespace but keeps whitespace written as references", () => {
    const label = "  a <b> & \"c\"\n";
    const root = parseXml(`<x>\n   ${encodeTextPreservingEdges(label)}  \n</x>`);
    expect(textContent(root)).toBe(label);
  });

  it("escapes markup characters", () => {
    expect(encodeEntities(`<a href="x">&</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
  });
});
