/**
 * Checks that run in proxy.ts before Next routes a request, for malformed requests that Next
 * itself would answer with a 500. Pure (no Next, no Node) so they are tested directly.
 */
import { apiError } from "./api-error";

/** The first path segment that is not valid percent-encoding (e.g. "%ZZ", "%E0%A4%A"), or null. */
export function undecodableSegment(pathname: string): string | null {
  for (const segment of pathname.split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

/**
 * Whether a Range header asks only for bytes a `size`-byte file does not have, so the answer
 * must be 416 (RFC 9110 §15.5.17). Mirrors the `range-parser` package that Next's static file
 * server (`send`) uses: a spec like "5-1" (last < first) or "9999-" past the end is
 * unsatisfiable, and when every spec is, `send` fails with 416, which Next turned into a 500.
 * Headers that are not byte ranges at all are ignored (false): `send` serves the whole file.
 */
export function unsatisfiableRange(header: string, size: number): boolean {
  const eq = header.indexOf("=");
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== "bytes") return false;
  let satisfiable = 0;
  for (const raw of header.slice(eq + 1).split(",")) {
    const spec = raw.trim();
    const match = /^(\d*)-(\d*)$/.exec(spec);
    if (!match || (match[1] === "" && match[2] === "")) return false; // malformed: ignored, as send does
    let start: number;
    let end: number;
    if (match[1] === "") {
      start = size - Number(match[2]);
      end = size - 1;
      if (start < 0) start = 0;
    } else {
      start = Number(match[1]);
      end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
    }
    if (start <= end && start < size) satisfiable++;
  }
  return satisfiable === 0;
}

export interface GuardDeps {
  /** Size in bytes of the public file at this URL path, or null when there is none. */
  readonly publicFileSize: (pathname: string) => number | null;
}

/**
 * A response for a request that must not reach Next's router, or null to let it through:
 *   - 400 when a path segment is not valid percent-encoding (Next's route matcher throws on it);
 *   - 416 with `Content-Range: bytes *\/size` for an unsatisfiable Range on a public file.
 */
export function guardRequest(request: Request, deps: GuardDeps): Response | null {
  const { pathname } = new URL(request.url);
  const bad = undecodableSegment(pathname);
  if (bad !== null) {
    return apiError(400, { error: "invalid_request", message: `The path has malformed percent-encoding (${JSON.stringify(bad.slice(0, 40))}).` });
  }
  const range = request.headers.get("range");
  if (range !== null && (request.method === "GET" || request.method === "HEAD")) {
    const size = deps.publicFileSize(pathname);
    if (size !== null && unsatisfiableRange(range, size)) {
      return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${size}`, "Cache-Control": "no-store" } });
    }
  }
  return null;
}
