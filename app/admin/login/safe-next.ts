/**
 * Where to go after signing in: `next` when it is a path on this site, else /admin. Browsers
 * treat "/\evil.example", "/<tab>/evil.example" and "/.//evil.example" as other hosts, so a
 * prefix check on the raw text is not enough (it was the open redirect of issue 14). Instead the
 * value is resolved the way the browser will resolve it, against this site's origin; it must stay
 * on that origin, and what comes back is the normalised path, which cannot leave it either
 * (never "//…", no backslashes or control characters). Safe in the browser and on the server.
 */
const BASE = "http://inkwell.invalid";
export const DEFAULT_NEXT = "/admin";

export function safeNextPath(next: unknown, origin: string = BASE): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 2000 || !next.startsWith("/")) return DEFAULT_NEXT;
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(next, base);
  } catch {
    return DEFAULT_NEXT;
  }
  if (url.origin !== base.origin) return DEFAULT_NEXT;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" resolves to the pathname "//evil.example": same origin here, but as a link
  // it would be protocol-relative.
  if (!path.startsWith("/") || path.startsWith("//") || /[\\\u0000-\u001f]/.test(path)) return DEFAULT_NEXT;
  return path;
}
