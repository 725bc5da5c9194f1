import { env } from "./env";
import { createPrismaClient, type PrismaClient } from "./prisma-client";

export { createPrismaClient, databaseProvider, PrismaClient, SQLITE_PRAGMAS, type DatabaseProvider } from "./prisma-client";
export type { AdminSession, ModelVersion, Prisma, Sample, TrainingRun } from "./prisma-client";

// Next's dev server re-evaluates modules on every edit; caching the client on globalThis keeps
// that from opening a new connection each time. In production the module is loaded once.
const globalCache = globalThis as typeof globalThis & { inkwellPrisma?: PrismaClient };

/** The app's one Prisma client, on DATABASE_URL. */
export const db: PrismaClient = globalCache.inkwellPrisma ?? createPrismaClient(env.DATABASE_URL);
if (env.NODE_ENV !== "production") globalCache.inkwellPrisma = db;
