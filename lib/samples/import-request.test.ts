import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHARSET } from "../model/charset";
import { readFixtureText } from "../ink/fixtures";
import { IMPORT_LIMITS } from "./import-limits";
import { handleImportRequest } from "./import-request";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";

/**
 * What POST /api/admin/import answers when the upload stops part way: the records before the stop
 * are stored whole and counted in the answer. (The other answers are checked through the route in
 * app/api/admin/admin-routes.test.ts.)
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase("import_request");
}, 120_000);

afterAll(async () => {
  await database?.drop();
});

const records = readFixtureText("unipen-fixtures.jsonl").trim().split("\n");

/** A body without Content-Length that sends `lines` one by one, then ends or fails as `end` says. */
function request(lines: string[], end: "close" | "error"): Request {
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < lines.length) controller.enqueue(new TextEncoder().encode(lines[i++] + "\n"));
      else if (end === "close") controller.close();
      else controller.error(new Error("connection reset"));
    },
  });
  return new Request("http://localhost/api/admin/import?format=jsonl", { method: "POST", body, duplex: "half" } as RequestInit);
}

const deps = (maxBytes = IMPORT_LIMITS.jsonl.maxBytes) => ({
  db: database.client,
  charset: async () => DEFAULT_CHARSET,
  limits: { ...IMPORT_LIMITS, jsonl: { ...IMPORT_LIMITS.jsonl, maxBytes } },
});

describe("handleImportRequest", () => {
  it("stops a body that grows past the limit with 413, saying how many records it stored before", async () => {
    const twoRecords = Buffer.byteLength(records.slice(0, 2).join("\n") + "\n");
    const response = await handleImportRequest(request(records.slice(0, 4), "close"), deps(twoRecords + 10));
    expect(response.status).toBe(413);
    const body = await response.json();
    expect(body).toMatchObject({ error: "body_too_large", stored: 2, rejectedCount: 0 });
    expect(body.message).toMatch(/2 records were stored before that, each whole; import the file again/);
    expect(await database.client.sample.count()).toBe(2);
  });

  it("answers an upload that breaks off with 400 and the records stored before it; importing again finishes it", async () => {
    const broken = await handleImportRequest(request(records.slice(4, 7), "error"), deps());
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: "invalid_request", stored: 3, message: expect.stringMatching(/^The upload broke off/) });
    const again = await handleImportRequest(request(records.slice(4, 8), "close"), deps());
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ stored: 1, alreadyStored: 3, rejected: [], rejectedCount: 0 });
  });
});
