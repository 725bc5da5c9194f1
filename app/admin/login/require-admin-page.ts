import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { ADMIN_SESSION_COOKIE, adminSessionForToken, type AdminSessionInfo } from "@/lib/auth";

/**
 * For admin pages (server components): the session, or a redirect to /admin/login that comes
 * back to `returnTo` after signing in. Call it first thing: `await requireAdminPage("/admin")`.
 */
export async function requireAdminPage(returnTo = "/admin"): Promise<AdminSessionInfo> {
  const token = (await cookies()).get(ADMIN_SESSION_COOKIE)?.value;
  const session = await adminSessionForToken(token);
  if (!session) redirect(`/admin/login?next=${encodeURIComponent(returnTo)}`);
  return session;
}
