import { XmlSyntaxError } from "./xml-tree";

const NAMED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/**
 * Decodes the five predefined entities and numeric character references.
 * Unknown entities are an error rather than passed through, so a typo never becomes data.
 */
export function decodeEntities(raw: string, line: number): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (match, body: string) => {
    if (!match.endsWith(";")) throw new XmlSyntaxError(`unterminated entity "${match}"`, line);
    if (body in NAMED) return NAMED[body];
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
      if (code > 0x10ffff || code === 0 || (code >= 0xd800 && code <= 0xdfff)) {
        throw new XmlSyntaxError(`invalid character reference "${match}"`, line);
      }
      return String.fromCodePoint(code);
    }
    throw new XmlSyntaxError(`unknown entity "${match}"`, line);
  });
}
