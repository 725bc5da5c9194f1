import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

/**
 * Every admin page must send a visitor without a session to the sign-in page. The inventory is
 * read from the file system, so a new page under app/admin that forgets requireAdminPage fails
 * here. (API routes have the same check in app/api/admin/admin-routes.test.ts.) The pages run
 * for real; only Next's request context (cookies, redirect) is supplied by the test: no cookie.
 */
class Redirected extends Error {
  constructor(readonly location: string) {
    super(`redirect to ${location}`);
  }
}
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }) }));
vi.mock("next/navigation", () => ({
  redirect: (location: string) => {
    throw new Redirected(location);
  },
}));

const APP = path.resolve(__dirname, "..");
/** Pages that are public by design: where the redirect goes. */
const PUBLIC_ADMIN_PAGES = new Set(["admin/login/page.tsx"]);

function adminPages(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^(page|layout|route)\.(tsx|ts|jsx|js)$/.test(entry.name)) found.push(path.relative(APP, full));
    }
  };
  walk(path.join(APP, "admin"));
  return found.filter((f) => !PUBLIC_ADMIN_PAGES.has(f)).sort();
}

describe("admin page protection", () => {
  const pages = adminPages();

  it("finds the admin pages", () => {
    expect(pages).toContain("admin/page.tsx");
    expect(pages).toContain("admin/review/page.tsx");
  });

  it.each(pages)("%s redirects a visitor without a session to /admin/login", async (file) => {
    const mod = (await import(/* @vite-ignore */ path.join(APP, file))) as { default?: (props: unknown) => unknown };
    expect(typeof mod.default, `${file} must export a page component`).toBe("function");
    const attempt = Promise.resolve().then(() => mod.default!({ params: Promise.resolve({}), searchParams: Promise.resolve({}), children: null }));
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, `${file} rendered without a session`).toBeInstanceOf(Redirected);
    expect((error as Redirected).location).toMatch(/^\/admin\/login\?next=%2Fadmin/);
  });
});
