import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * next.config.js headers (issue 14 #6 and the manifest part of #9): which headers each path gets,
 * with the source patterns matched by Next's own path-to-regexp, as Next matches them.
 */
const require = createRequire(import.meta.url);
const configFactory = require(path.resolve(__dirname, "..", "next.config.js")) as (phase: string) => { headers: () => Promise<{ source: string; headers: { key: string; value: string }[] }[]> };
const { pathToRegexp } = require("next/dist/compiled/path-to-regexp") as { pathToRegexp: (source: string) => RegExp };

async function headersFor(pathname: string, phase = "phase-production-server"): Promise<Map<string, string>> {
  const rules = await configFactory(phase).headers();
  const result = new Map<string, string>();
  for (const rule of rules) if (pathToRegexp(rule.source).test(pathname)) for (const { key, value } of rule.headers) result.set(key.toLowerCase(), value);
  return result;
}

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe("security headers", () => {
  it.each(["/", "/admin", "/admin/login", "/admin/review", "/contribute", "/api/admin/review"])("%s gets CSP, frame-ancestors 'none', nosniff, Referrer-Policy and keeps COOP/COEP", async (pathname) => {
    const headers = await headersFor(pathname);
    expect(headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("referrer-policy")).toBe("same-origin");
    expect(headers.get("x-frame-options")).toBe("DENY");
    const csp = directives(headers.get("content-security-policy") ?? "");
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toContain("'wasm-unsafe-eval'");
    expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
    expect(csp.get("worker-src")).toEqual(["'self'", "blob:"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
  });

  it("allows eval only under next dev", async () => {
    const csp = directives((await headersFor("/", "phase-development-server")).get("content-security-policy")!);
    expect(csp.get("script-src")).toContain("'unsafe-eval'");
  });
});

describe("model caching", () => {
  it("marks versioned model files immutable", async () => {
    for (const file of ["/models/v1/weights.bin", "/models/v1/model.json", "/models/ft-20261125-1748-k3x9qa/charset.json"]) {
      expect((await headersFor(file)).get("cache-control"), file).toBe("public, max-age=31536000, immutable");
    }
  });

  it("never marks /models/manifest.json immutable: it names the default version, which changes", async () => {
    const cacheControl = (await headersFor("/models/manifest.json")).get("cache-control");
    expect(cacheControl).toBe("no-cache");
  });
});
