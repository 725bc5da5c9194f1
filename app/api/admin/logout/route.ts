import { handleAdminLogout } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** Ends the admin session. Public by design: without a session it just clears the cookie. */
export function POST(request: Request): Promise<Response> {
  return handleAdminLogout(request);
}
