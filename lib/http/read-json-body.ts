import type { ApiErrorBody } from "./api-error";
import { concatBytes } from "./concat-bytes";

export type JsonBodyResult =
  | { readonly ok: true; readonly value: unknown; readonly bytes: number }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly body: ApiErrorBody };

/**
 * Reads a JSON request body without trusting it: the content type must be JSON (UTF-8: a charset
 * parameter may only say so), the body must not be compressed (no Content-Encoding other than
 * identity: we do not decompress, and a gzip body stored as text, or a plain one labelled gzip, is
 * wrong either way), the size is checked from Content-Length before reading and counted while
 * reading (a lying or absent Content-Length cannot push more than `maxBytes` into memory), the
 * bytes must be UTF-8 and the text must parse. JSON has no NaN or Infinity, so those tokens are a
 * 400 here.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBodyResult> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
    return fail(415, "unsupported_media_type", `Content-Type must be application/json (got ${type ? JSON.stringify(type.slice(0, 100)) : "none"}).`);
  }
  const charset = charsetOf(type);
  if (charset !== null && charset !== "utf-8" && charset !== "utf8") {
    return fail(415, "unsupported_media_type", `The body must be UTF-8; charset ${JSON.stringify(charset.slice(0, 40))} is not supported.`);
  }
  const encoding = (request.headers.get("content-encoding") ?? "").trim().toLowerCase();
  if (encoding !== "" && encoding !== "identity") {
    return fail(415, "unsupported_media_type", `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not supported; send the body uncompressed.`);
  }
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d+$/.test(declared.trim())) return fail(400, "invalid_request", "Content-Length is not a number.");
    if (Number(declared) > maxBytes) return tooLarge(maxBytes);
  }
  if (!request.body) return fail(400, "invalid_json", "The request has no body.");

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        await reader.cancel().catch(() => {});
        return tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch {
    return fail(400, "invalid_request", "The request body could not be read.");
  }

  const buffer = concatBytes(chunks);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch {
    return fail(400, "invalid_json", "The body is not valid UTF-8.");
  }
  try {
    return { ok: true, value: JSON.parse(text), bytes };
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message}` : "";
    return fail(400, "invalid_json", `The body is not valid JSON${detail}`.slice(0, 300));
  }
}

/** The charset parameter of a Content-Type, lower-cased and unquoted, or null when there is none. */
function charsetOf(contentType: string): string | null {
  for (const parameter of contentType.split(";").slice(1)) {
    const eq = parameter.indexOf("=");
    if (eq < 0 || parameter.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    return parameter.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1").toLowerCase();
  }
  return null;
}

function fail(status: 400 | 413 | 415, error: ApiErrorBody["error"], message: string): JsonBodyResult {
  return { ok: false, status, body: { error, message } };
}

function tooLarge(maxBytes: number): JsonBodyResult {
  return fail(413, "body_too_large", `The body is larger than ${maxBytes} bytes.`);
}
