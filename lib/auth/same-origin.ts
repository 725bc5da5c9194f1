import { apiError } from "../http/api-error";
/**
 * CSRF defence for admin mutations, on top of the SameSite=Strict session cookie: a state-changing
 * request must show it comes from a page of this site. Browsers send Origin on every cross-origin
 * request and on same-origin POST/PUT/PATCH/DELETE; when it is absent, Sec-Fetch-Site (sent by
 * every current browser) must say "same-origin". A request with neither (curl, scripts) has no
 * ambient cookie to abuse unless given one explicitly, but is refused anyway: explicit is safer.
 *
 * "This site" is configuration (PUBLIC_ORIGIN, default the loopback origins on PORT), never the
 * request's own Host or X-Forwarded-Host: deriving it from those let any Origin pass whose host
 * the client also wrote into Host (a rebinding DNS name, or a forged X-Forwarded-Host). A
 * mutation whose Host is none of the configured origins' is refused outright.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface SiteOrigins {
  /** Normalised origins (URL.origin) the app is reached at: lib/env.ts publicOrigins(). */
  readonly origins: readonly string[];
  /** TRUST_PROXY: when > 0, the nearest trusted proxy's X-Forwarded-Host/-Proto are believed. */
  readonly trustProxy: number;
}

/** The entry `trustProxy` hops back in a comma-separated forwarding header (the nearest proxy's is the last). */
function forwarded(request: Request, name: string, trustProxy: number): string | undefined {
  if (trustProxy <= 0) return undefined;
  const entries = (request.headers.get(name) ?? "").split(",").map((e) => e.trim()).filter(Boolean);
  return entries.length ? entries[Math.max(0, entries.length - trustProxy)] : undefined;
}

/** The Host the request was sent to (lower case): X-Forwarded-Host behind a trusted proxy, else Host. */
export function requestHost(request: Request, site: SiteOrigins): string {
  return (forwarded(request, "x-forwarded-host", site.trustProxy) ?? request.headers.get("host") ?? new URL(request.url).host).toLowerCase();
}

/** Whether the request reached the server over TLS: the URL's scheme, or a trusted proxy's X-Forwarded-Proto. */
function requestIsTls(request: Request, site: SiteOrigins): boolean {
  return new URL(request.url).protocol === "https:" || forwarded(request, "x-forwarded-proto", site.trustProxy) === "https";
}

/**
 * The configured origin this request was addressed to, matched by its Host (and by scheme when
 * one host is configured with both), or null when the Host is none of them.
 */
export function expectedOrigin(request: Request, site: SiteOrigins): string | null {
  const host = requestHost(request, site);
  const matches = site.origins.filter((origin) => new URL(origin).host === host);
  if (matches.length <= 1) return matches[0] ?? null;
  const scheme = requestIsTls(request, site) ? "https:" : "http:";
  return matches.find((origin) => new URL(origin).protocol === scheme) ?? matches[0];
}

/** Whether the client reached us over HTTPS: TLS here, through a trusted proxy, or an https PUBLIC_ORIGIN for this Host. */
export function isHttps(request: Request, site: SiteOrigins): boolean {
  return requestIsTls(request, site) || expectedOrigin(request, site)?.startsWith("https:") === true;
}

/** null when the request may change state; otherwise why not. */
export function crossSiteReason(request: Request, site: SiteOrigins): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const expected = expectedOrigin(request, site);
  if (expected === null) return `Host ${JSON.stringify(requestHost(request, site).slice(0, 100))} is not this site (PUBLIC_ORIGIN)`;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    return origin.toLowerCase() === expected ? null : `Origin ${origin.slice(0, 100)} is not this site`;
  }
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite === "same-origin") return null;
  return fetchSite ? `Sec-Fetch-Site is ${fetchSite.slice(0, 40)}` : "the request has neither Origin nor Sec-Fetch-Site";
}

/** The 403 every state-changing route answers a cross-site request with, or null when it may go on. */
export function refuseCrossSite(request: Request, site: SiteOrigins): Response | null {
  const reason = crossSiteReason(request, site);
  return reason ? apiError(403, { error: "forbidden", message: `Cross-site request refused: ${reason}.` }) : null;
}
