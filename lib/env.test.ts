import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_DATABASE_URL, InvalidEnvError, loadEnv, publicOrigins, sqliteFilePath } from "./env";

/** What loadEnv({}) gives: every default, with the paths resolved from the current directory. */
const DEFAULTS = {
  NODE_ENV: "development",
  DATABASE_URL: DEFAULT_DATABASE_URL,
  PORT: 3000,
  TRUST_PROXY: 0,
  INKWELL_ROOT: process.cwd(),
  DATA_DIR: path.resolve("data"),
  SAMPLES_RATE_LIMIT_PER_MINUTE: 30,
  ADMIN_LOGIN_ATTEMPTS_PER_15_MINUTES: 10,
  RETRAIN_STALE_AFTER_SECONDS: 60,
};

describe("loadEnv", () => {
  it("gives every setting a default, so no .env file is needed", () => {
    expect(loadEnv({})).toEqual(DEFAULTS);
  });

  it("treats blank values as unset", () => {
    expect(loadEnv({ PORT: "", DATABASE_URL: "  ", ADMIN_PASSWORD: "", DATA_DIR: " ", INKWELL_ROOT: "" })).toEqual(DEFAULTS);
  });

  it("reads overrides", () => {
    expect(
      loadEnv({ NODE_ENV: "production", DATABASE_URL: "file:/tmp/x.db", PORT: "3100", ADMIN_PASSWORD: "long enough" }),
    ).toEqual({ ...DEFAULTS, NODE_ENV: "production", DATABASE_URL: "file:/tmp/x.db", PORT: 3100, ADMIN_PASSWORD: "long enough" });
  });

  it("resolves DATA_DIR from INKWELL_ROOT, whatever the working directory", () => {
    expect(loadEnv({ INKWELL_ROOT: "/srv/inkwell" })).toMatchObject({ INKWELL_ROOT: "/srv/inkwell", DATA_DIR: path.join("/srv/inkwell", "data") });
    expect(loadEnv({ INKWELL_ROOT: "/srv/inkwell", DATA_DIR: "state" }).DATA_DIR).toBe(path.join("/srv/inkwell", "state"));
    expect(loadEnv({ INKWELL_ROOT: "/srv/inkwell", DATA_DIR: "/var/lib/inkwell" }).DATA_DIR).toBe("/var/lib/inkwell");
    expect(loadEnv({ INKWELL_ROOT: "relative/root" }).INKWELL_ROOT).toBe(path.resolve("relative/root"));
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

  it("reads TRUST_PROXY (hops, default 0) and PUBLIC_ORIGIN (origins, default the loopback ones on PORT)", () => {
    expect(loadEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(() => loadEnv({ TRUST_PROXY: "-1" })).toThrow(/TRUST_PROXY: must be between 0 and 10/);
    expect(() => loadEnv({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY: must be a number/);
    expect(publicOrigins(loadEnv({ PORT: "3100" }))).toEqual(["http://localhost:3100", "http://127.0.0.1:3100", "http://[::1]:3100"]);
    expect(publicOrigins(loadEnv({ PORT: "80" }))).toEqual(["http://localhost", "http://127.0.0.1", "http://[::1]"]);
    const configured = loadEnv({ PUBLIC_ORIGIN: "https://Ink.Example.org, http://ink.example.org:8080/" });
    expect(publicOrigins(configured)).toEqual(["https://ink.example.org", "http://ink.example.org:8080"]);
    expect(() => loadEnv({ PUBLIC_ORIGIN: "https://ink.example.org/app" })).toThrow(/PUBLIC_ORIGIN: must be comma-separated http\(s\) origins/);
    expect(() => loadEnv({ PUBLIC_ORIGIN: "ftp://ink.example.org" })).toThrow(/PUBLIC_ORIGIN/);
    expect(() => loadEnv({ PUBLIC_ORIGIN: " , " })).toThrow(/PUBLIC_ORIGIN: must name at least one origin/);
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
