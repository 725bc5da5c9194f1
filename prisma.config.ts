import path from "node:path";
import { defineConfig } from "prisma/config";
import { loadEnv, sqliteFilePath } from "./lib/env";
import { PrismaBetterSQLite3ForCli } from "./prisma/shadow-adapter";

/*
 * Prisma 6 CLI configuration. Run the CLI through `node scripts/db.mjs …` (npm run db:*),
 * which also points PRISMA_QUERY_ENGINE_LIBRARY / PRISMA_SCHEMA_ENGINE_BINARY at an existing
 * file so the CLI does not try to download engines (there is no internet here).
 *
 * `engine: "js"` makes the CLI talk to SQLite through the same driver adapter as the app,
 * so no native Rust schema engine is needed. The datasource url in schema.prisma is only
 * there because the CLI insists on one; this adapter's url is what is actually used.
 */
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const { DATABASE_URL } = loadEnv(process.env);
    return new PrismaBetterSQLite3ForCli({ url: `file:${sqliteFilePath(DATABASE_URL)}` });
  },
});
