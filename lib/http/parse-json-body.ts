import type { z } from "zod";
import { apiError, validationFailed, type ValidationFailedOptions } from "./api-error";
import { readJsonBody } from "./read-json-body";

export type ParsedJsonBody<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: Response };

/**
 * A JSON request body read without trusting it (readJsonBody: 400, 413, 415) and checked against
 * `schema` (422 in the one shape, validationFailed): the parsed value, or the answer to send.
 */
export async function parseJsonBody<Schema extends z.ZodType>(
  request: Request,
  schema: Schema,
  options: { readonly maxBytes: number } & ValidationFailedOptions,
): Promise<ParsedJsonBody<z.output<Schema>>> {
  const body = await readJsonBody(request, options.maxBytes);
  if (!body.ok) return { ok: false, response: apiError(body.status, body.body) };
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) return { ok: false, response: validationFailed(parsed.error, options) };
  return { ok: true, value: parsed.data };
}
