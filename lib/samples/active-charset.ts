import fs from "node:fs/promises";
import path from "node:path";
import { checkCharset, type Charset } from "../ctc/charset";
import type { PrismaClient } from "../db";
import { DEFAULT_CHARSET } from "../model/charset";

/**
 * The charset of the model that visitors currently get, which is what labels are checked
 * against: the active ModelVersion's charset.json (next to its weights), else the default model
 * named in public/models/manifest.json, else printable ASCII. Node only.
 * An unreadable or malformed file falls through to the next source; it never fails a request.
 */
export async function loadActiveCharset(db: Pick<PrismaClient, "modelVersion">, root: string = process.cwd()): Promise<Charset> {
  const candidates: string[] = [];
  try {
    const active = await db.modelVersion.findFirst({ where: { active: true }, orderBy: { createdAt: "desc" }, select: { weightsPath: true } });
    if (active) candidates.push(path.join(path.dirname(path.resolve(root, active.weightsPath)), "charset.json"));
  } catch {
    // No database answer: fall back to the shipped model.
  }
  try {
    const manifest = JSON.parse(await fs.readFile(path.join(root, "public", "models", "manifest.json"), "utf8")) as { default?: unknown };
    if (typeof manifest.default === "string" && /^[\w.-]+$/.test(manifest.default)) {
      candidates.push(path.join(root, "public", "models", manifest.default, "charset.json"));
    }
  } catch {
    // No manifest: printable ASCII.
  }
  for (const file of candidates) {
    const charset = await readCharset(file);
    if (charset) return charset;
  }
  return DEFAULT_CHARSET;
}

async function readCharset(file: string): Promise<Charset | undefined> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, "utf8")) as { chars?: unknown; blank?: unknown };
    if (!Array.isArray(parsed.chars) || !parsed.chars.every((c) => typeof c === "string")) return undefined;
    const charset: Charset = { chars: parsed.chars as string[], blank: typeof parsed.blank === "number" ? parsed.blank : 0 };
    checkCharset(charset);
    return charset;
  } catch {
    return undefined;
  }
}
