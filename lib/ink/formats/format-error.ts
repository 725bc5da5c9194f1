/** Where and why an imported record is bad. `element` is set for XML formats, e.g. "<trace>". */
export interface FormatIssue {
  readonly line: number;
  readonly element?: string;
  readonly message: string;
}

/** Thrown by single-document readers; lists every problem found, each with its location. */
export class InkFormatError extends Error {
  constructor(
    readonly format: string,
    readonly issues: readonly FormatIssue[],
  ) {
    super(`${format}: ${issues.map(formatIssue).join("; ")}`);
    this.name = "InkFormatError";
  }
}

export function formatIssue(issue: FormatIssue): string {
  return `line ${issue.line}${issue.element ? ` ${issue.element}` : ""}: ${issue.message}`;
}

/** Zod issues as one readable sentence, with the path of each problem. */
export function describeZodIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .concat(issues.length > 5 ? [`and ${issues.length - 5} more`] : [])
    .join("; ");
}
