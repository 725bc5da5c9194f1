import type { z } from "zod";

/** One problem with a request body, as the API reports it. */
export interface ValidationIssue {
  /** Dotted path of the field, e.g. "ink.strokes.0.points.3.x"; "" for the body itself. */
  readonly path: string;
  readonly message: string;
  /** For `text`: the characters that are not in the model's charset. */
  readonly outOfCharset?: readonly string[];
}

/** Zod issues as the API reports them. Capped so that a body with 10^5 bad points gets a short answer. */
export function validationIssues(error: z.ZodError, max = 20): ValidationIssue[] {
  return error.issues.slice(0, max).map((issue) => {
    const params = (issue as { params?: { outOfCharset?: unknown } }).params;
    const outOfCharset = Array.isArray(params?.outOfCharset) ? (params.outOfCharset as string[]) : undefined;
    return {
      path: issue.path.map(String).join("."),
      message: issue.message,
      ...(outOfCharset ? { outOfCharset } : {}),
    };
  });
}
