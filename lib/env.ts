import path from "node:path";
import { z } from "zod";
import { isPostgresUrl } from "./database-url";

export { isPostgresUrl, sqliteFilePath } from "./database-url";

/**
 * The one place where environment variables are read and validated.
 * Every setting has a default so that `npm install && npm start` needs no .env file.
 * Anything invalid fails fast, at import time, with every problem listed at once.
 */

/** Relative to the project root (the directory every npm script runs in). Keep in sync with scripts/db.mjs. */
export const DEFAULT_DATABASE_URL = "file:./data/inkwell.db";
export const DEFAULT_PORT = 3000;

const positiveInteger = () => z.coerce.number({ message: "must be a number" }).int("must be an integer").min(1, "must be at least 1");

/** The variables as given; EnvSchema below adds what is derived from them (the resolved paths). */
const EnvVariables = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .default(DEFAULT_DATABASE_URL)
    .refine((url) => (url.startsWith("file:") && url.length > "file:".length) || isPostgresUrl(url), {
      message: 'must be a SQLite file URL such as "file:./data/inkwell.db" or a postgres:// URL',
    }),
  PORT: z.coerce
    .number({ message: "must be a number" })
    .int("must be an integer")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(DEFAULT_PORT),
  /**
   * The admin password. When unset, a strong one is generated on first start, stored hashed
   * under DATA_DIR and printed once to the server log (lib/auth).
   */
  ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters when set").optional(),
  /**
   * The project root: public/models, lib/training and a relative DATA_DIR are found from it.
   * Default: the current directory (every npm script runs in the root). The retraining
   * supervisor sets it for its job process (lib/retrain/job-supervisor.ts).
   */
  INKWELL_ROOT: z.string().trim().min(1).optional(),
  /**
   * Where server-side state lives: the generated admin credential, versions trained on the
   * server (DATA_DIR/models) and retraining run folders. Relative to INKWELL_ROOT.
   */
  DATA_DIR: z.string().trim().min(1).default("data"),
  /** Sample submissions allowed per client (IP + writer id) per minute (lib/samples). 30 is one every 2 s, faster than anyone writes. */
  SAMPLES_RATE_LIMIT_PER_MINUTE: positiveInteger().default(30),
  /** Admin login attempts allowed per client IP per 15 minutes (lib/auth). */
  ADMIN_LOGIN_ATTEMPTS_PER_15_MINUTES: positiveInteger().default(10),
  /**
   * A running retrain whose job has sent no heartbeat for this long is taken as dead (a crash
   * or a restart killed it): it resumes from its checkpoint or is failed (lib/retrain/run-queue.ts).
   * Jobs beat every 3 s; 60 leaves room for a loaded machine, and for a job of another instance
   * sharing the database, which must not be taken over while it lives.
   */
  RETRAIN_STALE_AFTER_SECONDS: positiveInteger().default(60),
  /**
   * How many reverse-proxy hops in front of the app to trust (lib/rate-limit/client-address.ts).
   * 0 (the default): the client is the TCP peer, and X-Forwarded-For/-Host/-Proto are ignored,
   * because any client can send them. N: the client is the address N hops back in
   * X-Forwarded-For, as appended by the N trusted proxies.
   */
  TRUST_PROXY: z.coerce
    .number({ message: "must be a number" })
    .int("must be an integer")
    .min(0, "must be between 0 and 10")
    .max(10, "must be between 0 and 10")
    .default(0),
  /**
   * The origin(s) browsers use to reach the app, comma-separated (e.g. "https://ink.example.org").
   * Admin mutations must come from one of them (CSRF check, lib/auth/same-origin.ts) and carry a
   * Host of one of them. Unset: http://localhost:PORT, http://127.0.0.1:PORT and http://[::1]:PORT.
   */
  PUBLIC_ORIGIN: z
    .string()
    .transform((value, ctx) => {
      const origins: string[] = [];
      const parts = value.split(",").map((p) => p.trim()).filter(Boolean);
      for (const part of parts) {
        const origin = parseOrigin(part);
        if (origin) origins.push(origin);
        else ctx.addIssue({ code: "custom", message: `must be comma-separated http(s) origins such as "https://ink.example.org" (scheme, host and port only); ${JSON.stringify(part)} is not one` });
      }
      if (parts.length === 0) ctx.addIssue({ code: "custom", message: "must name at least one origin" });
      return origins;
    })
    .optional(),
});

/**
 * The settings: the variables with their defaults, and INKWELL_ROOT and DATA_DIR resolved to
 * absolute paths once here, so that every reader (server, retraining job, scripts) agrees on
 * the same folders whatever its working directory.
 */
export const EnvSchema = EnvVariables.transform((variables) => {
  // turbopackIgnore: these are runtime folders, not files for the build to trace into the bundle.
  const INKWELL_ROOT = path.resolve(/*turbopackIgnore: true*/ variables.INKWELL_ROOT ?? process.cwd());
  return { ...variables, INKWELL_ROOT, DATA_DIR: path.resolve(/*turbopackIgnore: true*/ INKWELL_ROOT, variables.DATA_DIR) };
});

/** `value` as a normalised origin when it is exactly an http(s) origin (no path, query or credentials), else null. */
function parseOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/") return null;
  if (!/^https?:\/\/[^/?#]+\/?$/i.test(value)) return null;
  return url.origin;
}

/** The origins this app is reached at: PUBLIC_ORIGIN, or the loopback addresses on PORT. */
export function publicOrigins(settings: Pick<Env, "PORT" | "PUBLIC_ORIGIN">): readonly string[] {
  if (settings.PUBLIC_ORIGIN?.length) return settings.PUBLIC_ORIGIN;
  return ["localhost", "127.0.0.1", "[::1]"].map((host) => new URL(`http://${host}:${settings.PORT}`).origin);
}

export type Env = z.output<typeof EnvSchema>;

/** Thrown when the environment is invalid; the message names every bad variable. */
export class InvalidEnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment variables:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "InvalidEnvError";
  }
}

/**
 * Parses an environment (normally process.env). Empty strings count as unset, because
 * `FOO= npm start` and blank lines in CI configs mean "use the default", not "use empty".
 */
export function loadEnv(source: Readonly<Record<string, string | undefined>>): Env {
  const present = Object.fromEntries(
    Object.keys(EnvVariables.shape)
      .map((key) => [key, source[key]] as const)
      .filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new InvalidEnvError(
      parsed.error.issues.map((issue) => {
        const key = issue.path.join(".");
        const got = typeof source[key] === "string" ? ` (got ${JSON.stringify(source[key])})` : "";
        return `${key}: ${issue.message}${got}`;
      }),
    );
  }
  return parsed.data;
}

export const env: Env = loadEnv(process.env);
