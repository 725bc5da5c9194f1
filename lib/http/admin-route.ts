import type { AdminCheck } from "../auth/require-admin";
import { apiError } from "./api-error";

/** A route handler as Next calls it: the request and, for dynamic segments, `{ params }`. */
export type RouteHandler<Context> = (request: Request, context: Context) => Promise<Response>;

export interface AdminRouteOptions {
  /** The 503 message when the handler throws: the database (or the model files) cannot be reached. */
  readonly unavailable: string;
}

/** Routes without dynamic segments take the request only (and can be called so, in tests). */
export interface WithAdmin {
  (handler: (request: Request) => Promise<Response>, options: AdminRouteOptions): (request: Request) => Promise<Response>;
  <Context>(handler: RouteHandler<Context>, options: AdminRouteOptions): RouteHandler<Context>;
}

/**
 * The wrapper every admin API route is built with, given the admin gate (lib/auth checkAdmin:
 * 401 without a session, 403 for a cross-site mutation, 503 when sessions cannot be read).
 * A request the gate lets through runs the handler; whatever the handler throws is logged and
 * answered 503 { error: "unavailable", message: options.unavailable }, never a 500 page, so a
 * handler only parses, calls lib/ and answers.
 */
export function adminRouteWrapper(check: (request: Request) => Promise<AdminCheck>): WithAdmin {
  return (handler: RouteHandler<unknown>, options: AdminRouteOptions) => {
    return async (request: Request, context?: unknown): Promise<Response> => {
      const admin = await check(request);
      if (!admin.ok) return admin.response;
      try {
        return await handler(request, context);
      } catch (error) {
        console.error(`${request.method} ${new URL(request.url).pathname} failed`, error);
        return apiError(503, { error: "unavailable", message: options.unavailable });
      }
    };
  };
}
