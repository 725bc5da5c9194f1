import { handleAdminLogin } from "@/lib/auth";

export const dynamic = "force-dynamic";

/** { password } → session cookie. Public by design: it is how an admin gets a session. */
export function POST(request: Request): Promise<Response> {
  return handleAdminLogin(request);
}
