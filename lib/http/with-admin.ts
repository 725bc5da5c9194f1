/**
 * `withAdmin(handler, { unavailable })` for app/api routes: lib/http/admin-route.ts bound to the
 * app's admin gate (its database and PUBLIC_ORIGIN). Server only.
 *
 *   export const GET = withAdmin(async (request) => Response.json(...), { unavailable: "The runs cannot be read right now." });
 */
import { requireAdmin } from "../auth";
import { adminRouteWrapper } from "./admin-route";

export const withAdmin = adminRouteWrapper(requireAdmin);
