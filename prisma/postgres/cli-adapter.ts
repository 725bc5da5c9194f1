import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/**
 * The pg adapter factory for the Prisma CLI (migrate deploy/diff/status on PostgreSQL), with one
 * fix for prisma/prisma#27403: Prisma 6.19's JavaScript schema engine introspects the catalog
 * through the adapter, whose column-type mapping has no case for PostgreSQL's internal catalog
 * types (`name`, `"char"`, ...), so every migrate command fails with "Column type 'name' could
 * not be deserialized from the database". Those types are text as far as a client is concerned,
 * so result fields of those types are reported as text (or text[]).
 * Only the CLI uses this class; the app's client uses the plain adapter (it never reads `name`).
 */
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
/** Catalog-only types the adapter cannot map, all of which read fine as text: "char", name, int2vector, oidvector, regproc, pg_node_tree, regclass. */
const READ_AS_TEXT = new Set([18, 19, 22, 24, 30, 194, 2205]);
/** Their array types: "char"[], name[], int2vector[], regproc[], oidvector[], regclass[]. */
const READ_AS_TEXT_ARRAY = new Set([1002, 1003, 1006, 1008, 1013, 2210]);

type Field = { dataTypeID: number };

function reportNameAsText<T>(result: T): T {
  const fields = (result as { fields?: Field[] } | undefined)?.fields;
  for (const field of fields ?? []) {
    if (READ_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    else if (READ_AS_TEXT_ARRAY.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY_OID;
  }
  return result;
}

/** A pool whose every connection reports `name` columns as text. */
function poolWithNameAsText(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  // pg's Pool.query runs client.query with a callback; transactions call it promise-style.
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === "function") {
        args[last] = (error: unknown, result: unknown) => callback(error, error ? result : reportNameAsText(result));
        return query(...args);
      }
      const out = query(...args);
      return out instanceof Promise ? out.then(reportNameAsText) : out;
    };
  });
  return pool;
}

export class PrismaPgForCli extends PrismaPg {
  private readonly connectionString: string;

  constructor(connectionString: string) {
    super(poolWithNameAsText({ connectionString }), { disposeExternalPool: true });
    this.connectionString = connectionString;
  }

  override async connectToShadowDb() {
    // Like the base class, a throwaway database next to the main one. (The base class passes
    // `database` beside the connection string, which pg ignores: its "shadow" is the main database.)
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID().replace(/-/g, "")}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const url = new URL(this.connectionString);
    url.pathname = `/${database}`;
    const shadow = new PrismaPg(poolWithNameAsText({ connectionString: url.toString() }), { disposeExternalPool: true });
    const adapter = await shadow.connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE "${database}"`);
      await main.dispose();
    };
    return adapter;
  }
}
