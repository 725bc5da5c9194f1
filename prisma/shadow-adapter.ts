import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

/**
 * The better-sqlite3 adapter factory, with one fix for the Prisma CLI's shadow database.
 *
 * Why: Prisma 6.19's JavaScript schema engine replays each committed migration on the shadow
 * database (used by `migrate diff --from-migrations` and `migrate dev`) through a single
 * `executeRaw` call, and better-sqlite3 refuses to prepare a string holding more than one
 * statement ("RangeError: The supplied SQL string contains more than one statement"). So any
 * real migration fails with P3006. Replaying a migration script is exactly what
 * `executeScript` (better-sqlite3's `exec`) is for, so such calls are routed there.
 * Only the CLI uses this class; the app's client uses the plain adapter.
 */
export class PrismaBetterSQLite3ForCli extends PrismaBetterSQLite3 {
  override async connectToShadowDb() {
    const adapter = await super.connectToShadowDb();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      try {
        return await executeRaw(query);
      } catch (error) {
        const isMultiStatementScript =
          query.args.length === 0 && error instanceof RangeError && error.message.includes("more than one statement");
        if (!isMultiStatementScript) throw error;
        await adapter.executeScript(query.sql);
        return 0;
      }
    };
    return adapter;
  }
}
