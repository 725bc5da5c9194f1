import { describe, expect, it } from "vitest";
import { parseReplaySet, REPLAY_SET } from "@/lib/adapt/replay-set";
import { GET } from "./route";

describe("GET /api/models/replay-set", () => {
  it("serves the replay set as dataset JSONL that the adaptation worker can read, with a day's caching", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
    expect(response.headers.get("cache-control")).toMatch(/max-age=86400/);
    const samples = parseReplaySet(await response.text());
    expect(samples.length).toBe(Number(response.headers.get("x-replay-samples")));
    expect(samples.length).toBeGreaterThan(10);
    expect(samples.length).toBeLessThanOrEqual(REPLAY_SET.size);
    for (const s of samples) expect(s.text).not.toMatch(/\s/);
  }, 60_000);
});
