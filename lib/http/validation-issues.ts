import type { z } from "zod";

/** One problem with a request body, as the API reports it. */
export interface ValidationIssue {
  /** Dotted path of the field, e.g. "ink.strokes.0.points.3.x"; "" for the body itself. */
  readonly path: string;
  readonly message: string;
  /** For `text`: the characters that are not in the model's charset. */
  readonly outOfCharset?: readonly string[];
}

/**
 * Bounds on what a 422 echoes back. Paths, messages and key names come from the request (a 1.5 MB
 * key name was once echoed whole, twice: in the path and in Zod's "Unrecognized key" message), so
 * each is cut, and so is the number of issues.
 */
export const ISSUE_LIMITS = { maxIssues: 20, maxPathChars: 100, maxMessageChars: 200, maxCharacters: 50 } as const;

/** `text` cut to `max` characters (code points), with "…" when something was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

function issuePath(issue: z.core.$ZodIssue): string {
  return truncate(issue.path.map((segment) => truncate(String(segment), ISSUE_LIMITS.maxPathChars)).join("."), ISSUE_LIMITS.maxPathChars);
}

/** Zod issues as the API reports them, bounded (ISSUE_LIMITS) so that a hostile body gets a short answer. */
export function validationIssues(error: z.ZodError, max: number = ISSUE_LIMITS.maxIssues): ValidationIssue[] {
  return error.issues.slice(0, Math.min(max, ISSUE_LIMITS.maxIssues)).map((issue) => {
    const params = (issue as { params?: { outOfCharset?: unknown } }).params;
    const outOfCharset = Array.isArray(params?.outOfCharset)
      ? (params.outOfCharset as unknown[]).slice(0, ISSUE_LIMITS.maxCharacters).map((c) => truncate(String(c), 8))
      : undefined;
    return {
      path: issuePath(issue),
      message: truncate(issue.message, ISSUE_LIMITS.maxMessageChars),
      ...(outOfCharset ? { outOfCharset } : {}),
    };
  });
}

/**
 * Zod issues as one bounded line, "path: message; path: message (and 3 more)", for the routes
 * that report problems in `message` only. `root` names the whole value when a path is empty.
 */
export function issuesMessage(error: z.ZodError, root: string): string {
  const shown = validationIssues(error).map((issue) => `${issue.path || root}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return shown.join("; ") + (more > 0 ? ` (and ${more} more)` : "");
}
