import { readFile } from "node:fs/promises";
import path from "node:path";
import { isSafeVersion } from "@/lib/models/active-model";
import { appModelStore } from "@/lib/models/server";

export const dynamic = "force-dynamic";

/** The files a version folder holds, with their content types. Nothing else is served. */
const FILES: Record<string, string> = {
  "model.json": "application/json",
  "weights.bin": "application/octet-stream",
  "config.json": "application/json",
  "charset.json": "application/json",
};

/**
 * GET /api/models/files/<version>/<file>: the weights of versions trained on this server (they
 * live under data/models, which Next does not serve). A version's files never change once
 * written, so they are cached forever (immutable); unknown versions or files are 404.
 */
export async function GET(_request: Request, context: { params: Promise<{ version: string; file: string }> }): Promise<Response> {
  const { version, file } = await context.params;
  const type = Object.hasOwn(FILES, file) ? FILES[file] : undefined;
  if (!type || !isSafeVersion(version)) return notFound();
  try {
    const body = await readFile(path.join(appModelStore().trainedDir, version, file));
    return new Response(new Uint8Array(body), {
      headers: { "Content-Type": type, "Content-Length": String(body.length), "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return notFound();
    throw error;
  }
}

function notFound(): Response {
  return Response.json({ error: "not_found", message: "No such model file." }, { status: 404, headers: { "Cache-Control": "no-store" } });
}
