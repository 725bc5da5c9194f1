/**
 * CSRF defence for admin mutations, on top of the SameSite=Strict session cookie: a state-changing
 * request must show it comes from a page of this site. Browsers send Origin on every cross-origin
 * request and on same-origin POST/PUT/PATCH/DELETE; when it is absent, Sec-Fetch-Site (sent by
 * every current browser) must say "same-origin". A request with neither (curl, scripts) has no
 * ambient cookie to abuse unless given one explicitly, but is refused anyway: explicit is safer.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** This server's origin as the browser sees it: the Host (or X-Forwarded-Host) and the scheme used. */
export function expectedOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || url.host;
  const forwardedProto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const scheme = forwardedProto === "https" || forwardedProto === "http" ? forwardedProto : url.protocol.replace(":", "");
  return `${scheme}://${host}`.toLowerCase();
}

/** null when the request may change state; otherwise why not. */
export function crossSiteReason(request: Request): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    return origin.toLowerCase() === expectedOrigin(request) ? null : `Origin ${origin} is not this site`;
  }
  const site = request.headers.get("sec-fetch-site");
  if (site === "same-origin") return null;
  return site ? `Sec-Fetch-Site is ${site}` : "the request has neither Origin nor Sec-Fetch-Site";
}
