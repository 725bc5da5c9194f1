import type { PrismaClient } from "../db";
import { type LocatedModel, type ModelStore, locateModel, shippedDefaultVersion } from "./model-store";

/**
 * The model visitors get now, located on disk: the active ModelVersion row when its files exist
 * (trained versions under data/models, shipped ones under public/models), else the manifest's
 * default. The same rule as /api/models/active, so fine-tuning starts from what the Write page runs.
 */
export async function activeModelLocation(db: Pick<PrismaClient, "modelVersion">, store: ModelStore): Promise<LocatedModel | null> {
  const row = await db.modelVersion.findFirst({ where: { active: true }, orderBy: { createdAt: "desc" }, select: { version: true } });
  const fromRow = row ? locateModel(store, row.version) : null;
  if (fromRow) return fromRow;
  const fallback = shippedDefaultVersion(store);
  return fallback ? locateModel(store, fallback) : null;
}
