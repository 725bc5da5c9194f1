import { z } from "zod";
import type { PrismaClient } from "../db";
import { listVersions } from "./list-versions";
import { isSafeVersion, locateModel, type ModelStore } from "../models/active-model";
import { checkPromotion, type PromoteCheck } from "./promote-guard";

/** The body of POST /api/admin/versions/active. */
export const PromoteRequestSchema = z.strictObject({
  /** The version to make active, or null for none (the shipped default is served). */
  version: z.string().min(1).max(64).nullable(),
  /** Promote even though base validation CER rises by more than 1% relative (the guard's 409 says by how much). */
  confirm: z.boolean().optional(),
});
export type PromoteRequest = z.infer<typeof PromoteRequestSchema>;

/** What POST /api/admin/versions/active answers with when the promote went through. */
export type PromoteResponse = Pick<Extract<PromoteResult, { ok: true }>, "active" | "note">;

export type PromoteResult =
  | { ok: true; active: string | null; note: string | null }
  | { ok: false; status: 404 | 409; message: string; guard?: Extract<PromoteCheck, { ok: false }> };

/**
 * Makes `version` the one active model (or, with null, none: the manifest default is served).
 * One serializable transaction deactivates every row and activates the chosen one, so readers
 * never see two active versions or none in between, and two admins promoting at once cannot
 * both win (the loser gets 409 and may retry). A shipped version without a row gets one.
 * Promoting an older version is the rollback. A version that raises the base validation CER by
 * more than 1% relative over the active one (checkPromotion) is refused unless `confirm` is set.
 */
export async function promoteVersion(db: PrismaClient, store: ModelStore, version: string | null, options: { confirm?: boolean } = {}): Promise<PromoteResult> {
  let note: string | null = null;
  if (version !== null) {
    if (!isSafeVersion(version)) return { ok: false, status: 404, message: `no model version ${JSON.stringify(version)}` };
    const located = locateModel(store, version);
    if (!located) return { ok: false, status: 404, message: `model version ${version} has no files (model.json) to serve` };
    const row = await db.modelVersion.findUnique({ where: { version } });
    if (!row) {
      if (located.kind !== "shipped") return { ok: false, status: 404, message: `no model version ${version}` };
      await db.modelVersion.upsert({
        where: { version },
        create: { version, metrics: "{}", weightsPath: `public/models/${version}/model.json`, active: false },
        update: {},
      });
    }
    const { versions, active } = await listVersions(db, store);
    const candidate = versions.find((v) => v.version === version);
    const current = versions.find((v) => v.version === active);
    const check = checkPromotion({ version, metrics: candidate?.metrics ?? null }, current ? { version: current.version, metrics: current.metrics } : null);
    if (!check.ok && !options.confirm) return { ok: false, status: 409, message: check.message, guard: check };
    note = check.ok ? check.note : `promoted with a confirm over the guard: ${check.message}`;
  }
  try {
    await db.$transaction(
      [
        db.modelVersion.updateMany({ where: { active: true }, data: { active: false } }),
        ...(version !== null ? [db.modelVersion.update({ where: { version }, data: { active: true } })] : []),
      ],
      { isolationLevel: "Serializable" },
    );
  } catch (error) {
    return { ok: false, status: 409, message: `another change to the active version got in first; try again (${(error as Error).message.split("\n")[0]})` };
  }
  return { ok: true, active: version, note };
}
