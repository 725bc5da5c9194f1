/**
 * Admin authentication, wired to the app's database and environment. Server only.
 *
 *   API routes:  export const GET = withAdmin(handler, { unavailable }) (lib/http/with-admin.ts, which calls requireAdmin)
 *   Pages:       app/admin/login/require-admin-page.ts → await requireAdminPage("/admin")
 *
 * The pieces (password hashing, sessions, CSRF) are in the files next to this one, each
 * testable with its own database; this module only binds them to `db` and `env`.
 */
import { db } from "../db";
import { env, publicOrigins } from "../env";
import { createRateLimiter } from "../rate-limit/token-bucket-limiter";
import { ensureAdminCredential, type AdminCredential } from "./admin-credential";
import { adminLogin, adminLogout } from "./admin-login";
import { createConcurrencyLimit } from "./concurrency-limit";
import { checkAdmin, type AdminCheck } from "./require-admin";
import type { SiteOrigins } from "./same-origin";
import { ADMIN_SESSION_COOKIE, findAdminSession, type AdminSessionInfo } from "./session";

export { ADMIN_SESSION_COOKIE, type AdminCheck, type AdminSessionInfo };

let credential: Promise<AdminCredential> | undefined;
/** The admin credential; the first call generates (and announces) a password if there is none. */
export function adminCredential(): Promise<AdminCredential> {
  credential ??= ensureAdminCredential({ envPassword: env.ADMIN_PASSWORD, dataDir: env.DATA_DIR });
  credential.catch(() => {
    credential = undefined;
  });
  return credential;
}

const loginLimiter = createRateLimiter({ limit: env.ADMIN_LOGIN_ATTEMPTS_PER_15_MINUTES, windowMs: 15 * 60 * 1000 });
/**
 * Two scrypt checks at a time (each ~0.1 s and 32 MiB on libuv's 4-thread pool, which file reads
 * share), eight more waiting; beyond that a login is refused with 503 at once. A flood of wrong
 * passwords from many addresses then costs at most two pool threads, never the whole server.
 */
const passwordChecks = createConcurrencyLimit(2, 8);
/** Where this site is reached (PUBLIC_ORIGIN) and how far to trust forwarding headers (TRUST_PROXY). */
export const site: SiteOrigins = { origins: publicOrigins(env), trustProxy: env.TRUST_PROXY };

/** 401/403/503 response unless the request comes from a signed-in admin on this site. */
export function requireAdmin(request: Request): Promise<AdminCheck> {
  return checkAdmin(request, db, site);
}

/** The session for a cookie value (pages read it with next/headers), or null. */
export function adminSessionForToken(token: string | undefined): Promise<AdminSessionInfo | null> {
  return findAdminSession(db, token);
}

export function handleAdminLogin(request: Request): Promise<Response> {
  return adminLogin(request, { db, credential: adminCredential, limiter: loginLimiter, passwordChecks, trustProxy: env.TRUST_PROXY, site });
}

export function handleAdminLogout(request: Request): Promise<Response> {
  return adminLogout(request, { db, site });
}
