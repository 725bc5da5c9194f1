import fs from "node:fs";
import path from "node:path";
import { NextResponse, type NextRequest } from "next/server";
import { guardRequest } from "./lib/http/request-guards";

/**
 * Next's proxy (formerly middleware; Node.js runtime): refuses malformed requests before Next
 * routes them, because Next answers both of these with a 500 (lib/http/request-guards.ts):
 *   - a path segment that is not valid percent-encoding → 400;
 *   - an unsatisfiable Range on a public file (/models/…) → 416.
 */
const PUBLIC_DIR = path.join(process.cwd(), "public");

/** Size of the file under public/ for a URL path, or null (not a plain, safe path to an existing file). */
function publicFileSize(pathname: string): number | null {
  if (!/^\/models\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(pathname) || pathname.split("/").some((s) => s === "." || s === "..")) return null;
  try {
    const stat = fs.statSync(path.join(PUBLIC_DIR, pathname));
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

export function proxy(request: NextRequest): Response {
  return guardRequest(request, { publicFileSize }) ?? NextResponse.next();
}

export const config = {
  // Everything but Next's own build assets.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
