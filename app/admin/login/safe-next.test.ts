import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

describe("safeNextPath (sign-in redirect)", () => {
  it.each([
    ["/admin/review", "/admin/review"],
    ["/admin?tab=runs#top", "/admin?tab=runs#top"],
    ["/admin/../admin/review", "/admin/review"],
  ])("keeps the same-site path %j", (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    "/\\evil.example/x", // ?next=/%5Cevil.example/x: browsers read "/\" as "//"
    "/\t/evil.example/y", // ?next=/%09/evil.example/y: the tab is dropped, leaving "//evil.example"
    "/\n/evil.example",
    "//evil.example",
    "/.//evil.example",
    "/./\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "admin",
    "",
    undefined,
    ["/admin"],
  ])("sends %j to /admin instead", (next) => {
    expect(safeNextPath(next)).toBe("/admin");
  });

  it("never returns something a browser would resolve to another origin", () => {
    const base = "https://ink.example.org";
    for (const next of ["/\\evil.example/x", "/\t/evil.example/y", "/.//evil.example", "/%2F/evil.example", "/admin/review"]) {
      const target = new URL(safeNextPath(next, base), base);
      expect(target.origin).toBe(base);
    }
  });
});
