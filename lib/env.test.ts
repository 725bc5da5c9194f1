import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, InvalidEnvError, loadEnv, sqliteFilePath } from "./env";

describe("loadEnv", () => {
  it("gives every setting a default, so no .env file is needed", () => {
    expect(loadEnv({})).toEqual({ NODE_ENV: "development", DATABASE_URL: DEFAULT_DATABASE_URL, PORT: 3000 });
  });

  it("treats blank values as unset", () => {
    expect(loadEnv({ PORT: "", DATABASE_URL: "  ", ADMIN_PASSWORD: "" })).toEqual({
      NODE_ENV: "development",
      PORT: 3000,
      DATABASE_URL: DEFAULT_DATABASE_URL,
    });
  });

  it("reads overrides", () => {
    expect(
      loadEnv({ NODE_ENV: "production", DATABASE_URL: "file:/tmp/x.db", PORT: "3100", ADMIN_PASSWORD: "long enough" }),
    ).toEqual({ NODE_ENV: "production", DATABASE_URL: "file:/tmp/x.db", PORT: 3100, ADMIN_PASSWORD: "long enough" });
  });

  it("lists every invalid variable with its value in one error", () => {
    let error: unknown;
    try {
      loadEnv({ PORT: "http", DATABASE_URL: "mysql://localhost/db", NODE_ENV: "staging", ADMIN_PASSWORD: "short" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEnvError);
    const problems = (error as InvalidEnvError).problems;
    expect(problems).toHaveLength(4);
    expect((error as Error).message).toMatch(/^Invalid environment variables:/);
    expect(problems.find((p) => p.startsWith("PORT:"))).toContain('"http"');
    expect(problems.find((p) => p.startsWith("DATABASE_URL:"))).toContain("SQLite file URL");
    expect(problems.find((p) => p.startsWith("NODE_ENV:"))).toContain('"staging"');
    expect(problems.find((p) => p.startsWith("ADMIN_PASSWORD:"))).toContain("at least 8");
  });

  it.each(["0", "65536", "3000.5", "-1"])("rejects PORT=%s", (port) => {
    expect(() => loadEnv({ PORT: port })).toThrow(/PORT: must be/);
  });

  it("accepts a PostgreSQL URL and the optional tuning variables", () => {
    expect(
      loadEnv({ DATABASE_URL: "postgresql://app@127.0.0.1:5432/inkwell", SAMPLES_RATE_LIMIT_PER_MINUTE: "12", DATA_DIR: "/var/lib/inkwell" }),
    ).toMatchObject({ DATABASE_URL: "postgresql://app@127.0.0.1:5432/inkwell", SAMPLES_RATE_LIMIT_PER_MINUTE: 12, DATA_DIR: "/var/lib/inkwell" });
    expect(() => loadEnv({ SAMPLES_RATE_LIMIT_PER_MINUTE: "0" })).toThrow(/SAMPLES_RATE_LIMIT_PER_MINUTE: must be at least 1/);
    expect(() => loadEnv({ ADMIN_LOGIN_ATTEMPTS_PER_15_MINUTES: "many" })).toThrow(/ADMIN_LOGIN_ATTEMPTS_PER_15_MINUTES: must be a number/);
  });

  it("rejects a file: URL with no path", () => {
    expect(() => loadEnv({ DATABASE_URL: "file:" })).toThrow(/DATABASE_URL/);
  });
});

describe("sqliteFilePath", () => {
  it("resolves relative paths from the given root", () => {
    expect(sqliteFilePath("file:./data/inkwell.db", "/srv/app")).toBe(path.join("/srv/app", "data", "inkwell.db"));
  });

  it("keeps absolute paths and drops query parameters", () => {
    expect(sqliteFilePath("file:/var/db/x.db?connection_limit=1", "/srv/app")).toBe("/var/db/x.db");
  });

  it("rejects non-file URLs", () => {
    expect(() => sqliteFilePath("postgres://x", "/")).toThrow(/Not a SQLite file URL/);
  });
});
