// Types for scripts/db.mjs, so TypeScript tests can import it.
export declare const ROOT: string;
export declare const DEFAULT_DATABASE_URL: string;
export declare function isPostgresUrl(databaseUrl: string): boolean;
export declare function describeDatabase(databaseUrl: string): string;
export declare function resolveDatabaseUrl(env?: Readonly<Record<string, string | undefined>>): string;
export declare function sqliteFilePath(databaseUrl: string): string;
export declare function runPrisma(args: readonly string[], options?: { databaseUrl?: string; quiet?: boolean; input?: string }): string;
export declare function generateClient(options?: { quiet?: boolean }): void;
export declare function clientIsCurrent(): boolean;
export declare function ensureClient(): void;
export declare function migrate(options?: { databaseUrl?: string; quiet?: boolean }): void;
export declare function reset(options?: { databaseUrl?: string; quiet?: boolean }): void;
export declare function status(options?: { databaseUrl?: string }): void;
export declare function migrationFolderName(name: string, now?: Date): string;
export declare function newMigration(name: string): string;
export declare function pendingSchemaChanges(): string;
