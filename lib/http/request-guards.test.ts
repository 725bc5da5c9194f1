import { describe, expect, it } from "vitest";
import { guardRequest, undecodableSegment, unsatisfiableRange } from "./request-guards";

const deps = { publicFileSize: (p: string) => (p === "/models/v1/weights.bin" ? 4_233_408 : p === "/models/manifest.json" ? 20 : null) };
const get = (url: string, headers: Record<string, string> = {}, method = "GET") => guardRequest(new Request(`http://localhost:3000${url}`, { method, headers }), deps);

describe("malformed percent-encoding in the path (issue 14 #4)", () => {
  it.each(["/api/models/files/%ZZ/model.json", "/api/admin/runs/%ZZ", "/api/admin/samples/%E0%A4%A", "/admin/%", "/api/admin/runs/%C0%AF"])("%s → 400", async (url) => {
    const response = get(url, {}, url.includes("samples") ? "PATCH" : "GET");
    expect(response?.status).toBe(400);
    expect(await response!.json()).toMatchObject({ error: "invalid_request" });
  });

  it.each(["/", "/api/admin/runs/abc", "/api/models/files/v1/model.json", "/admin/review%20x", "/api/admin/samples/%E0%A4%A4", "/write?q=%ZZ"])("%s passes", (url) => {
    expect(get(url)).toBeNull();
  });

  it("finds the bad segment", () => {
    expect(undecodableSegment("/a/%41/%ZZ/b")).toBe("%ZZ");
    expect(undecodableSegment("/a/%41")).toBeNull();
  });
});

describe("Range on public files (issue 14 #5)", () => {
  it.each([
    ["bytes=5-1", true],
    ["bytes=4233408-", true],
    ["bytes=9999999-10000000", true],
    ["bytes=-0", true],
    ["bytes=5-1, 9999999-", true],
    ["bytes=0-99", false],
    ["bytes=5-1, 0-3", false],
    ["bytes=-100", false],
    ["bytes=4233407-", false],
    ["bytes=0-99999999", false],
    ["bytes=abc", false], // malformed: ignored (whole file), not 416
    ["items=5-1", false],
    ["bytes=-", false],
  ] as const)("%s unsatisfiable: %s", (header, expected) => {
    expect(unsatisfiableRange(header, 4_233_408)).toBe(expected);
  });

  it("answers 416 with Content-Range for /models/v1/weights.bin with Range: bytes=5-1", () => {
    const response = get("/models/v1/weights.bin", { range: "bytes=5-1" });
    expect(response?.status).toBe(416);
    expect(response!.headers.get("content-range")).toBe("bytes */4233408");
    expect(get("/models/v1/weights.bin", { range: "bytes=5-1" }, "HEAD")?.status).toBe(416);
  });

  it("lets satisfiable ranges, other files and other methods through", () => {
    expect(get("/models/v1/weights.bin", { range: "bytes=0-1023" })).toBeNull();
    expect(get("/models/v1/missing.bin", { range: "bytes=5-1" })).toBeNull();
    expect(get("/models/v1/weights.bin")).toBeNull();
  });
});

describe("proxy.ts", () => {
  it("answers from the real public/ folder and lets good requests through", async () => {
    const { NextRequest } = await import("next/server");
    const { proxy, config } = await import("@/proxy");
    const at = (url: string, headers: Record<string, string> = {}) => proxy(new NextRequest(`http://localhost:3000${url}`, { headers }));
    expect(at("/models/v1/weights.bin", { range: "bytes=5-1" }).status).toBe(416);
    expect(at("/api/admin/runs/%ZZ").status).toBe(400);
    const through = at("/models/v1/weights.bin", { range: "bytes=0-9" });
    expect(through.headers.get("x-middleware-next")).toBe("1");
    expect(config.matcher).toEqual(["/((?!_next/static|_next/image).*)"]);
  });
});
