/** Escapes text for use in element content or a double-quoted attribute value. */
export function encodeEntities(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/**
 * Escapes element text so that it survives a reader that trims surrounding literal whitespace:
 * leading and trailing whitespace characters are written as character references, which are
 * content, not formatting. A carriage return inside (a multi-line label with Windows line ends)
 * is a reference too, since XML readers turn a literal CR LF into LF. Newlines stay literal.
 */
export function encodeTextPreservingEdges(text: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  const asRefs = (ws: string) => [...ws].map((c) => `&#${c.codePointAt(0)};`).join("");
  return asRefs(m[1]) + encodeEntities(m[2]).replaceAll("\r", "&#13;") + asRefs(m[3]);
}
