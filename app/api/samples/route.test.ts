import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { SUBMISSION_LIMITS } from "@/lib/samples/sample-submission-schema";
import { useAppTestDatabase } from "@/test-support/app-database";
import { peerAddressHeaders } from "@/lib/rate-limit/peer-address";

/**
 * POST/GET /api/samples through the real route module on a real, migrated database
 * (SQLite, or PostgreSQL when DATABASE_URL is postgres://).
 */
const database = useAppTestDatabase("samples_route", { env: { SAMPLES_RATE_LIMIT_PER_MINUTE: "100000" } });
let route: typeof import("./route");

beforeAll(async () => {
  route = await import("./route");
}, 120_000);

const WRITER = "writer-0123456789";

function validBody(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    ink: {
      version: 1,
      strokes: [
        { points: [{ x: 0, y: 0, t: 0 }, { x: 10.5, y: 3, t: 16 }, { x: 20, y: 6, t: 33 }] },
        { points: [{ x: 5, y: -2, t: 120, p: 0.5 }] },
      ],
    },
    text: "  hello world  ",
    writerId: WRITER,
    source: "prompted",
    consent: true,
    ...overrides,
  };
}

function post(body: string | Uint8Array, headers: Record<string, string> = { "content-type": "application/json" }): Promise<Response> {
  return route.POST(new Request("http://localhost/api/samples", { method: "POST", body: body as BodyInit, headers: { ...peerAddressHeaders("192.0.2.1"), ...headers } }));
}

const postJson = (value: unknown) => post(JSON.stringify(value));

const count = () => database.client.sample.count();

/** A body with `n` points in one stroke, built as text (fast, and small per point). */
function bodyWithPoints(n: number): string {
  const head = JSON.stringify(validBody()).replace(/"strokes":\[.*\]\},"text"/, '"strokes":[{"points":[__POINTS__]}]},"text"');
  return head.replace("__POINTS__", Array(n).fill('{"x":1,"y":2}').join(","));
}

function withInk(ink: unknown) {
  return validBody({ ink });
}
function withPoint(point: unknown) {
  return withInk({ version: 1, strokes: [{ points: [point] }] });
}

describe("POST /api/samples", () => {
  it("stores a valid sample: 201 with its id, the label trimmed, one row", async () => {
    const before = await count();
    const body = validBody();
    const response = await postJson(body);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: body.id, created: true, contributions: 1 });
    expect(await count()).toBe(before + 1);
    const row = await database.client.sample.findUniqueOrThrow({ where: { id: body.id } });
    expect(row).toMatchObject({ label: "hello world", writerId: WRITER, source: "prompted", consent: true, status: "pending", pointCount: 4 });
    expect(JSON.parse(row.ink)).toEqual(body.ink);
  });

  it("stores a note of several lines with its label's lines joined by \\n", async () => {
    const body = validBody({ text: " Buy milk \r\n and fresh bread " });
    expect((await postJson(body)).status).toBe(201);
    const row = await database.client.sample.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.label).toBe("Buy milk\nand fresh bread");
  });

  it("stores a retried POST once (200, same id) and refuses another body under that id (409)", async () => {
    const body = validBody({ source: "corrected", text: "retry" });
    expect((await postJson(body)).status).toBe(201);
    const before = await count();
    const retry = await postJson(body);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ id: body.id, created: false });
    // Same label after normalisation counts as the same sample.
    expect((await postJson({ ...body, text: "  retry " })).status).toBe(200);
    const conflict = await postJson({ ...body, text: "something else" });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ error: "conflict" });
    expect(await count()).toBe(before);
  });

  it("accepts identity encoding and a UTF-8 charset however it is written", async () => {
    for (const headers of [
      { "content-type": "application/json; charset=utf-8", "content-encoding": "identity" } as Record<string, string>,
      { "content-type": 'application/json;charset="UTF-8"' },
    ]) {
      expect((await post(JSON.stringify(validBody()), headers)).status).toBe(201);
    }
    const refused = await post(JSON.stringify(validBody()), { "content-type": "application/json", "content-encoding": "gzip" });
    expect(await refused.json()).toMatchObject({ error: "unsupported_media_type", message: expect.stringContaining("gzip") });
  });

  it("stores an id in lower case, so the same UUID in upper case is the same sample", async () => {
    const body = validBody({ text: "case" });
    const upper = await postJson({ ...body, id: body.id.toUpperCase() });
    expect(upper.status).toBe(201);
    expect(await upper.json()).toMatchObject({ id: body.id });
    const lower = await postJson(body);
    expect(lower.status).toBe(200);
    expect(await database.client.sample.count({ where: { id: { in: [body.id, body.id.toUpperCase()] } } })).toBe(1);
  });

  it("states the documented stroke limit (1,000) whatever the number of strokes", async () => {
    for (const strokes of [SUBMISSION_LIMITS.maxStrokes + 1, 2_500]) {
      const response = await postJson(withInk({ version: 1, strokes: Array(strokes).fill({ points: [{ x: 1, y: 1 }] }) }));
      expect(response.status).toBe(422);
      const { issues } = await response.json();
      expect(issues).toEqual([expect.objectContaining({ path: "ink.strokes", message: expect.stringContaining("at most 1,000") })]);
    }
  });

  it("counts a writer's contributions", async () => {
    const writerId = `counter-${randomUUID()}`;
    for (let i = 0; i < 3; i++) expect((await postJson(validBody({ writerId }))).status).toBe(201);
    const response = await route.GET(new Request(`http://localhost/api/samples?writerId=${writerId}`));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ writerId, contributions: 3 });
    expect((await route.GET(new Request("http://localhost/api/samples?writerId=x"))).status).toBe(400);
    expect((await route.GET(new Request("http://localhost/api/samples"))).status).toBe(400);
  });

  interface BadCase {
    readonly name: string;
    readonly send: () => Promise<Response>;
    readonly status: 400 | 413 | 415 | 422;
    /** For 422: a field path that must be named in `issues`. */
    readonly path?: string;
  }
  const longLabel = "a".repeat(SUBMISSION_LIMITS.maxLabelChars + 1);
  const bad: BadCase[] = [
    { name: "empty body", send: () => post(""), status: 400 },
    { name: "not JSON", send: () => post("hello"), status: 400 },
    { name: "truncated JSON", send: () => post(JSON.stringify(validBody()).slice(0, 40)), status: 400 },
    { name: "NaN as a JSON token", send: () => post(JSON.stringify(withPoint({ x: 1, y: 2 })).replace('"x":1', '"x":NaN')), status: 400 },
    { name: "Infinity as a JSON token", send: () => post(JSON.stringify(withPoint({ x: 1, y: 2 })).replace('"y":2', '"y":Infinity')), status: 400 },
    { name: "invalid UTF-8", send: () => post(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), status: 400 },
    { name: "wrong content type (text/plain)", send: () => post(JSON.stringify(validBody()), { "content-type": "text/plain" }), status: 415 },
    { name: "no content type", send: () => post(JSON.stringify(validBody()), {}), status: 415 },
    { name: "form content type", send: () => post("text=hi", { "content-type": "application/x-www-form-urlencoded" }), status: 415 },
    { name: "10^6 points", send: () => post(bodyWithPoints(1_000_000)), status: 413 },
    { name: "Content-Length over the limit", send: () => post("{}", { "content-type": "application/json", "content-length": String(SUBMISSION_LIMITS.maxBodyBytes + 1) }), status: 413 },
    { name: "more points than allowed (under the size limit)", send: () => post(bodyWithPoints(SUBMISSION_LIMITS.maxPoints + 1)), status: 422, path: "ink.strokes" },
    { name: "NaN as a string", send: () => postJson(withPoint({ x: "NaN", y: 2 })), status: 422, path: "ink.strokes.0.points.0.x" },
    { name: "number as a string", send: () => postJson(withPoint({ x: "1", y: 2 })), status: 422, path: "ink.strokes.0.points.0.x" },
    { name: "null coordinate", send: () => postJson(withPoint({ x: 1, y: null })), status: 422, path: "ink.strokes.0.points.0.y" },
    { name: "1e400 (overflows to Infinity)", send: () => post(JSON.stringify(withPoint({ x: 1, y: 2 })).replace('"x":1', '"x":1e400')), status: 422, path: "ink.strokes.0.points.0.x" },
    { name: "coordinate out of range", send: () => postJson(withPoint({ x: 1e8, y: 2 })), status: 422, path: "ink.strokes.0.points.0.x" },
    { name: "pressure above 1", send: () => postJson(withPoint({ x: 1, y: 2, p: 1.5 })), status: 422, path: "ink.strokes.0.points.0.p" },
    { name: "timestamp as a string", send: () => postJson(withPoint({ x: 1, y: 2, t: "0" })), status: 422, path: "ink.strokes.0.points.0.t" },
    { name: "no strokes", send: () => postJson(withInk({ version: 1, strokes: [] })), status: 422, path: "ink.strokes" },
    { name: "empty stroke", send: () => postJson(withInk({ version: 1, strokes: [{ points: [] }] })), status: 422, path: "ink.strokes.0.points" },
    { name: "points as bare arrays", send: () => postJson(withInk({ version: 1, strokes: [[[1, 2]]] })), status: 422, path: "ink.strokes.0" },
    { name: "unknown ink version", send: () => postJson(withInk({ version: 2, strokes: [{ points: [{ x: 1, y: 2 }] }] })), status: 422, path: "ink.version" },
    { name: "too many strokes", send: () => postJson(withInk({ version: 1, strokes: Array(SUBMISSION_LIMITS.maxStrokes + 1).fill({ points: [{ x: 1, y: 1 }] }) })), status: 422, path: "ink.strokes" },
    { name: "ink missing", send: () => postJson(validBody({ ink: undefined })), status: 422, path: "ink" },
    { name: "ink is a string", send: () => postJson(validBody({ ink: "strokes" })), status: 422, path: "ink" },
    { name: "label missing", send: () => postJson(validBody({ text: undefined })), status: 422, path: "text" },
    { name: "label empty", send: () => postJson(validBody({ text: "" })), status: 422, path: "text" },
    { name: "label only spaces", send: () => postJson(validBody({ text: "   \t " })), status: 422, path: "text" },
    { name: "label too long", send: () => postJson(validBody({ text: longLabel })), status: 422, path: "text" },
    { name: "label is a number", send: () => postJson(validBody({ text: 42 })), status: 422, path: "text" },
    { name: "label outside the charset", send: () => postJson(validBody({ text: "café €5" })), status: 422, path: "text" },
    { name: "label with an empty line", send: () => postJson(validBody({ text: "two\n\nlines" })), status: 422, path: "text" },
    { name: "label with more lines than allowed", send: () => postJson(validBody({ text: Array(SUBMISSION_LIMITS.maxLabelLines + 1).fill("ab").join("\n") })), status: 422, path: "text" },
    { name: "consent false", send: () => postJson(validBody({ consent: false })), status: 422, path: "consent" },
    { name: "consent missing", send: () => postJson(validBody({ consent: undefined })), status: 422, path: "consent" },
    { name: "consent as a string", send: () => postJson(validBody({ consent: "true" })), status: 422, path: "consent" },
    { name: "source imported (server-only)", send: () => postJson(validBody({ source: "imported" })), status: 422, path: "source" },
    { name: "source missing", send: () => postJson(validBody({ source: undefined })), status: 422, path: "source" },
    { name: "writerId missing", send: () => postJson(validBody({ writerId: undefined })), status: 422, path: "writerId" },
    { name: "writerId too short", send: () => postJson(validBody({ writerId: "abc" })), status: 422, path: "writerId" },
    { name: "writerId with odd characters", send: () => postJson(validBody({ writerId: "writer one; DROP TABLE" })), status: 422, path: "writerId" },
    { name: "id missing", send: () => postJson(validBody({ id: undefined })), status: 422, path: "id" },
    { name: "id not a UUID", send: () => postJson(validBody({ id: "sample-1" })), status: 422, path: "id" },
    { name: "unknown field", send: () => postJson(validBody({ label: "typo for text" })), status: 422 },
    { name: "body is an array", send: () => postJson([validBody()]), status: 422 },
    { name: "body is null", send: () => postJson(null), status: 422 },
    { name: "body is a string", send: () => postJson("hello"), status: 422 },
    { name: "gzip Content-Encoding", send: () => post(JSON.stringify(validBody()), { "content-type": "application/json", "content-encoding": "gzip" }), status: 415 },
    { name: "br Content-Encoding", send: () => post(JSON.stringify(validBody()), { "content-type": "application/json", "content-encoding": "br" }), status: 415 },
    { name: "a latin1 charset", send: () => post(JSON.stringify(validBody()), { "content-type": "application/json; charset=iso-8859-1" }), status: 415 },
    { name: "a UTF-16 charset", send: () => post(JSON.stringify(validBody()), { "content-type": "application/json; charset=utf-16" }), status: 415 },
    { name: "timestamp 1e308", send: () => postJson(withPoint({ x: 1, y: 2, t: 1e308 })), status: 422, path: "ink.strokes.0.points.0.t" },
    { name: "negative timestamp", send: () => postJson(withPoint({ x: 1, y: 2, t: -1e308 })), status: 422, path: "ink.strokes.0.points.0.t" },
    { name: "timestamp over 24 h", send: () => postJson(withPoint({ x: 1, y: 2, t: 86_400_001 })), status: 422, path: "ink.strokes.0.points.0.t" },
    { name: "the nil UUID as id", send: () => postJson(validBody({ id: "00000000-0000-0000-0000-000000000000" })), status: 422, path: "id" },
  ];

  it("has a table of at least 30 malformed bodies", () => {
    expect(bad.length).toBeGreaterThanOrEqual(30);
  });

  it.each(bad)("refuses $name with $status and stores nothing", async ({ send, status, path }) => {
    const before = await count();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = await response.json();
    expect(typeof body.error).toBe("string");
    expect(typeof body.message).toBe("string");
    if (status === 422) {
      expect(body.error).toBe("invalid_sample");
      expect(Array.isArray(body.issues) && body.issues.length).toBeGreaterThan(0);
      if (path) expect(body.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect(await count()).toBe(before);
  });

  it("keeps a 422 short however large the bad input: key names and paths cut, at most 20 issues", async () => {
    // Before: a 1.5 MB key name came back whole (as the path and inside Zod's message), 1.5 MB+ answers.
    const hugeKey = "k".repeat(1_500_000);
    const response = await post(`{"${hugeKey}":1,${JSON.stringify(validBody()).slice(1)}`);
    expect(response.status).toBe(422);
    const text = await response.text();
    expect(text.length).toBeLessThan(2_000);
    const { issues } = JSON.parse(text);
    expect(issues[0].message.length).toBeLessThanOrEqual(200);

    const points = Array.from({ length: 500 }, () => ({ x: "bad", y: 1 }));
    const many = await postJson(withInk({ version: 1, strokes: [{ points }] }));
    expect(many.status).toBe(422);
    const body = await many.json();
    expect(body.issues).toHaveLength(20);
    expect(JSON.stringify(body).length).toBeLessThan(5_000);
  });

  it("names the characters that are outside the model's charset", async () => {
    const response = await postJson(validBody({ text: "café €5 naïve" }));
    expect(response.status).toBe(422);
    const { issues } = await response.json();
    expect(issues).toEqual([expect.objectContaining({ path: "text", outOfCharset: ["é", "€", "ï"] })]);
  });
});
