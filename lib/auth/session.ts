import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../db";

/**
 * Admin sessions: a random 256-bit token in an HttpOnly, SameSite=Strict cookie (Secure over
 * HTTPS); the database keeps only its SHA-256, so rows cannot be replayed as cookies and a
 * lookup by hash leaks nothing about the token through timing. Logout deletes the row.
 * Sessions live in the database, so they work across several app instances.
 */
export const ADMIN_SESSION_COOKIE = "inkwell_admin";
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

type SessionDb = Pick<PrismaClient, "adminSession">;

export interface AdminSessionInfo {
  readonly expiresAt: Date;
  readonly createdAt: Date;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Tokens are 43 base64url characters; anything else is not worth a query. */
function plausibleToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export async function createAdminSession(db: SessionDb, now: Date = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  // Old sessions are cleared here, the one write path, rather than by a timer.
  await db.adminSession.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.adminSession.create({ data: { tokenHash: hashToken(token), expiresAt } });
  return { token, expiresAt };
}

export async function findAdminSession(db: SessionDb, token: string | undefined, now: Date = new Date()): Promise<AdminSessionInfo | null> {
  if (!token || !plausibleToken(token)) return null;
  const session = await db.adminSession.findUnique({ where: { tokenHash: hashToken(token) }, select: { expiresAt: true, createdAt: true } });
  return session && session.expiresAt > now ? session : null;
}

export async function deleteAdminSession(db: SessionDb, token: string | undefined): Promise<void> {
  if (!token || !plausibleToken(token)) return;
  await db.adminSession.deleteMany({ where: { tokenHash: hashToken(token) } });
}

/** The value of cookie `name` in a Cookie header. */
export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return `${ADMIN_SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${ADMIN_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? "; Secure" : ""}`;
}
