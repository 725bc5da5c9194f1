import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * The admin password, stored only as an scrypt hash. N=2^15, r=8 (~32 MiB, ~0.1 s per check):
 * OWASP's recommended minimum, and slow enough that a leaked hash of a generated 144-bit
 * password is useless.
 */
export const AdminCredentialSchema = z.object({
  algorithm: z.literal("scrypt"),
  N: z.number().int().min(2 ** 14),
  r: z.number().int().min(1),
  p: z.number().int().min(1),
  salt: z.string().min(16),
  hash: z.string().min(32),
});
export type AdminCredential = z.infer<typeof AdminCredentialSchema>;

const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
export const CREDENTIAL_FILE = "admin-credential.json";

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<AdminCredential> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, PARAMS);
  return { algorithm: "scrypt", ...PARAMS, salt: salt.toString("base64"), hash: hash.toString("base64") };
}

/** Constant-time check of a password against a stored credential. */
export async function verifyPassword(password: string, credential: AdminCredential): Promise<boolean> {
  const expected = Buffer.from(credential.hash, "base64");
  const actual = await derive(password, Buffer.from(credential.salt, "base64"), credential);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A strong random password: 18 random bytes, 24 URL-safe characters (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export interface EnsureCredentialOptions {
  /** ADMIN_PASSWORD; when set it wins and nothing is written. */
  readonly envPassword?: string;
  /** Where the generated credential is kept (DATA_DIR, default ./data). */
  readonly dataDir: string;
  /** Where the one-time announcement of a generated password goes (the server log). */
  readonly announce?: (message: string) => void;
}

/**
 * The admin credential: from ADMIN_PASSWORD, else the one stored under dataDir, else a newly
 * generated password, stored hashed (file mode 0600) and announced once. The file is created
 * exclusively, so two processes starting together end up with the same password.
 */
export async function ensureAdminCredential(options: EnsureCredentialOptions): Promise<AdminCredential> {
  if (options.envPassword) return hashPassword(options.envPassword);
  const file = path.join(options.dataDir, CREDENTIAL_FILE);
  const stored = await readCredential(file);
  if (stored) return stored;

  const password = generatePassword();
  const credential = await hashPassword(password);
  await fs.mkdir(options.dataDir, { recursive: true });
  try {
    await fs.writeFile(file, JSON.stringify(credential, null, 2) + "\n", { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      const winner = await readCredential(file);
      if (winner) return winner;
    }
    throw error;
  }
  const announce = options.announce ?? ((message: string) => console.log(message));
  announce(
    [
      "inkwell: ──────────────────────────────────────────────────────────────",
      `inkwell: generated admin password: ${password}`,
      `inkwell: it is shown only this once and stored hashed in ${file}.`,
      "inkwell: set ADMIN_PASSWORD to choose your own, or delete that file to get a new one.",
      "inkwell: ──────────────────────────────────────────────────────────────",
    ].join("\n"),
  );
  return credential;
}

async function readCredential(file: string): Promise<AdminCredential | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = AdminCredentialSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a valid admin credential; delete it to generate a new password.`);
  return parsed.data;
}
