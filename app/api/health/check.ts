import type { PrismaClient } from "@/lib/db";

export type HealthReport =
  | { status: "ok"; db: "reachable"; latencyMs: number; checkedAt: string }
  | { status: "error"; db: "unreachable"; error: string; checkedAt: string };

export type HealthResult = { httpStatus: 200 | 503; body: HealthReport };

/**
 * Asks the database for `SELECT 1` through Prisma: 200 when it answers, 503 otherwise.
 * Never throws, so a broken database gives a clear JSON answer instead of a 500 page.
 */
export async function checkHealth(client: Pick<PrismaClient, "$queryRaw">, now: () => number = Date.now): Promise<HealthResult> {
  const started = now();
  const checkedAt = new Date(started).toISOString();
  try {
    const rows = await client.$queryRaw<{ one: number | bigint }[]>`SELECT 1 AS one`;
    if (rows.length !== 1 || Number(rows[0].one) !== 1) throw new Error(`unexpected answer to SELECT 1: ${JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? String(v) : v))}`);
    return { httpStatus: 200, body: { status: "ok", db: "reachable", latencyMs: now() - started, checkedAt } };
  } catch (error) {
    // The full error (paths, driver details) goes to the server log, not to the public response.
    console.error("health: database check failed:", error);
    return {
      httpStatus: 503,
      body: {
        status: "error",
        db: "unreachable",
        error: "The database did not answer SELECT 1; see the server log for the cause.",
        checkedAt,
      },
    };
  }
}
