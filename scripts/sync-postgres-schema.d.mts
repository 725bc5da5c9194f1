// Types for scripts/sync-postgres-schema.mjs, so TypeScript tests can import it.
export declare const SQLITE_SCHEMA: string;
export declare const SQLITE_MIGRATIONS: string;
export declare const POSTGRES_DIR: string;
export declare const POSTGRES_SCHEMA: string;
export declare const POSTGRES_MIGRATIONS: string;
export declare const POSTGRES_CONFIG: string;
export declare function postgresSchemaFrom(sqliteSchema: string): string;
export declare function migrationNames(dir: string): string[];
export declare function postgresDrift(): string[];
export declare function runPrismaPostgres(args: readonly string[], postgresUrl: string, options?: { quiet?: boolean }): string;
export declare function pendingPostgresChanges(postgresUrl: string): string;
export declare function syncPostgres(options?: { postgresUrl?: string }): string[];
