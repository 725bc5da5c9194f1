import type { PrismaClient } from "../db";
import { apiError } from "../http/api-error";
import { refuseCrossSite, type SiteOrigins } from "./same-origin";
import { ADMIN_SESSION_COOKIE, findAdminSession, readCookie, type AdminSessionInfo } from "./session";

export type AdminCheck = { readonly ok: true; readonly session: AdminSessionInfo } | { readonly ok: false; readonly response: Response };

/**
 * The gate for every admin API route: 401 without a valid session, 403 for a state-changing
 * request that does not come from this site (CSRF). Admin routes get it through withAdmin
 * (lib/http/with-admin.ts), which runs it before the handler.
 *
 * A database failure answers 503, never lets the request through.
 */
export async function checkAdmin(request: Request, db: Pick<PrismaClient, "adminSession">, site: SiteOrigins): Promise<AdminCheck> {
  let session: AdminSessionInfo | null;
  try {
    session = await findAdminSession(db, readCookie(request.headers.get("cookie"), ADMIN_SESSION_COOKIE));
  } catch (error) {
    console.error("auth: session lookup failed", error);
    return { ok: false, response: apiError(503, { error: "unavailable", message: "Sessions cannot be checked right now." }) };
  }
  if (!session) {
    return { ok: false, response: apiError(401, { error: "unauthorized", message: "Sign in as admin first (POST /api/admin/login)." }) };
  }
  const crossSite = refuseCrossSite(request, site);
  if (crossSite) return { ok: false, response: crossSite };
  return { ok: true, session };
}
