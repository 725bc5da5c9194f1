import { z } from "zod";
import type { PrismaClient } from "../db";
import { clientAddress } from "../rate-limit/client-address";
import type { RateLimiter } from "../rate-limit/token-bucket-limiter";
import { tooManyRequests } from "../rate-limit/too-many-requests";
import { apiError } from "../http/api-error";
import { parseJsonBody } from "../http/parse-json-body";
import { verifyPassword, type AdminCredential } from "./admin-credential";
import type { ConcurrencyLimit } from "./concurrency-limit";
import { isHttps, refuseCrossSite, type SiteOrigins } from "./same-origin";
import { ADMIN_SESSION_COOKIE, clearedSessionCookie, createAdminSession, deleteAdminSession, readCookie, sessionCookie } from "./session";

export const LoginBodySchema = z.strictObject({ password: z.string().min(1, "password is required").max(1024) });

export interface LoginDeps {
  readonly db: Pick<PrismaClient, "adminSession">;
  readonly credential: () => Promise<AdminCredential>;
  /** Attempts per client address, successful or not. */
  readonly limiter: RateLimiter;
  /** Bounds concurrent password checks; when it refuses, the answer is 503 with Retry-After. */
  readonly passwordChecks: ConcurrencyLimit;
  /** TRUST_PROXY: how many proxy hops' X-Forwarded-For to believe (lib/rate-limit/client-address.ts). */
  readonly trustProxy: number;
  /** Where this site is reached (PUBLIC_ORIGIN), for the CSRF check. */
  readonly site: SiteOrigins;
}

/**
 * POST /api/admin/login with JSON { password }: 200 and the session cookie, 401 wrong password,
 * 403 cross-site, 400/415/422 malformed, 429 too many attempts (Retry-After), 503 too many
 * password checks at once (Retry-After).
 *
 * Every attempt counts against the address it came from, as `clientAddress` sees it: the TCP
 * peer unless TRUST_PROXY says otherwise, so a client cannot choose whose attempts it spends.
 */
export async function adminLogin(request: Request, deps: LoginDeps): Promise<Response> {
  const crossSite = refuseCrossSite(request, deps.site);
  if (crossSite) return crossSite;
  const attempt = deps.limiter.consume(clientAddress(request.headers, deps.trustProxy));
  if (!attempt.allowed) return tooManyRequests(attempt, "login attempts");

  const body = await parseJsonBody(request, LoginBodySchema, { maxBytes: 4096, message: "Send { \"password\": \"…\" }." });
  if (!body.ok) return body.response;

  const release = await deps.passwordChecks.acquire();
  if (!release) {
    return apiError(503, { error: "unavailable", message: "Too many sign-ins at once; try again in a second." }, { "Retry-After": "1" });
  }
  try {
    let right: boolean;
    try {
      right = await verifyPassword(body.value.password, await deps.credential());
    } finally {
      release();
    }
    if (!right) return apiError(401, { error: "unauthorized", message: "Wrong password." });
    const { token, expiresAt } = await createAdminSession(deps.db);
    return Response.json(
      { ok: true, expiresAt: expiresAt.toISOString() },
      { status: 200, headers: { "Set-Cookie": sessionCookie(token, expiresAt, isHttps(request, deps.site)), "Cache-Control": "no-store" } },
    );
  } catch (error) {
    console.error("auth: login failed", error);
    return apiError(503, { error: "unavailable", message: "Signing in is not possible right now; try again shortly." });
  }
}

/** POST /api/admin/logout: ends the session (if any) and clears the cookie; 403 cross-site. */
export async function adminLogout(request: Request, deps: Pick<LoginDeps, "db" | "site">): Promise<Response> {
  const crossSite = refuseCrossSite(request, deps.site);
  if (crossSite) return crossSite;
  try {
    await deleteAdminSession(deps.db, readCookie(request.headers.get("cookie"), ADMIN_SESSION_COOKIE));
  } catch (error) {
    console.error("auth: logout failed", error);
    return apiError(503, { error: "unavailable", message: "Signing out is not possible right now; try again shortly." });
  }
  return Response.json({ ok: true }, { status: 200, headers: { "Set-Cookie": clearedSessionCookie(isHttps(request, deps.site)), "Cache-Control": "no-store" } });
}
