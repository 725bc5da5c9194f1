/**
 * A minimal XML element tree: just what the ink formats need, with the source line of every
 * node so that importers can say exactly where a bad record is.
 */
export interface XmlText {
  readonly kind: "text";
  /** Text as written in the source, entities still encoded (CDATA already literal, see `cdata`). */
  readonly raw: string;
  readonly cdata: boolean;
  readonly line: number;
}

export interface XmlElement {
  readonly kind: "element";
  /** Qualified name as written, e.g. `inkml:trace`. */
  readonly name: string;
  /** Name without namespace prefix, e.g. `trace`; formats match on this. */
  readonly localName: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | XmlText)[];
  readonly line: number;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`XML syntax error at line ${line}: ${message}`);
    this.name = "XmlSyntaxError";
  }
}
