import path from "node:path";

/** Whether a DATABASE_URL names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * The absolute file path a SQLite `file:` URL points to. Relative paths are taken from
 * `root` (the project root), not from wherever the Prisma schema happens to live, so the
 * CLI, the tests and the server all agree on one file.
 */
export function sqliteFilePath(databaseUrl: string, root: string = process.cwd()): string {
  if (!databaseUrl.startsWith("file:")) {
    throw new Error(`Not a SQLite file URL: ${JSON.stringify(databaseUrl)}`);
  }
  const withoutScheme = databaseUrl.slice("file:".length).replace(/\?.*$/, "");
  if (withoutScheme === "") throw new Error(`SQLite URL has no path: ${JSON.stringify(databaseUrl)}`);
  return path.resolve(root, withoutScheme);
}
