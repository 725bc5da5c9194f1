import { access, readFile } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@/lib/db";
import { TRAINED_MODELS_URL } from "@/lib/retrain/model-store";
import type { ActiveModelSources } from "./resolve-active-model";

/** Where published model versions live on disk (served statically as /models/...). */
export const PUBLIC_MODELS_DIR = path.join(process.cwd(), "public", "models");

/** The real sources: the ModelVersion table through Prisma, and the files under modelsDir. */
export function activeModelSources(
  client: Pick<PrismaClient, "modelVersion">,
  modelsDir: string = PUBLIC_MODELS_DIR,
  trainedModelsDir: string | null = null,
): ActiveModelSources {
  return {
    // Versions trained on this server (lib/retrain) live outside public/ and have their own route.
    async trainedModelUrl(version) {
      if (!trainedModelsDir) return null;
      try {
        await access(path.join(trainedModelsDir, version, "model.json"));
        return `${TRAINED_MODELS_URL}/${version}`;
      } catch {
        return null;
      }
    },
    readActiveRow: () =>
      client.modelVersion.findFirst({ where: { active: true }, orderBy: { createdAt: "desc" }, select: { version: true, metrics: true } }),
    async readManifest() {
      try {
        return JSON.parse(await readFile(path.join(modelsDir, "manifest.json"), "utf8"));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async modelExists(version) {
      try {
        await access(path.join(modelsDir, version, "model.json"));
        return true;
      } catch {
        return false;
      }
    },
  };
}
