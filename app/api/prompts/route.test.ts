import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHARSET } from "@/lib/model/charset";
import { charactersOutsideCharset } from "@/lib/samples/sample-submission-schema";
import { useAppTestDatabase } from "@/test-support/app-database";

// Labels that use every letter and digit often, but no punctuation: prompts should go for punctuation.
const common = "the quick brown fox jumps over the lazy dog THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG 0123456789";
useAppTestDatabase("prompts_route", {
  seed: (client) =>
    client.sample.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({ id: `seed-${i}`, ink: "{}", label: common, writerId: "seed-writer", source: "imported", status: "approved", consent: true, pointCount: 0 })),
    }),
});
let route: typeof import("./route");

beforeAll(async () => {
  route = await import("./route");
}, 120_000);

describe("GET /api/prompts", () => {
  it("returns writable prompts that favour the characters the stored samples lack", async () => {
    const prompts: { text: string; kind: string; focus: string[] }[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await route.GET(new Request("http://localhost/api/prompts"));
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      prompts.push(await response.json());
    }
    for (const prompt of prompts) {
      expect(["word", "phrase", "note"]).toContain(prompt.kind);
      expect(charactersOutsideCharset(prompt.text.replaceAll("\n", ""), DEFAULT_CHARSET)).toEqual([]);
      expect(prompt.text.includes("\n")).toBe(prompt.kind === "note");
    }
    // Every letter and digit is common, so phrases are chosen for their punctuation.
    const phrases = prompts.filter((p) => p.kind === "phrase");
    expect(phrases.length).toBeGreaterThan(0);
    for (const phrase of phrases) expect(phrase.focus[0]).toMatch(/[^A-Za-z0-9 ]/);
  });

  it("gives a note of two or three lines for ?kind=note, and refuses an unknown kind", async () => {
    for (let i = 0; i < 5; i++) {
      const note = await (await route.GET(new Request("http://localhost/api/prompts?kind=note"))).json();
      expect(note.kind).toBe("note");
      expect(note.text.split("\n").length).toBeGreaterThanOrEqual(2);
      expect(note.text.split("\n").length).toBeLessThanOrEqual(3);
    }
    const word = await (await route.GET(new Request("http://localhost/api/prompts?kind=word"))).json();
    expect(word.kind).toBe("word");
    const bad = await route.GET(new Request("http://localhost/api/prompts?kind=poem"));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "invalid_kind", message: "kind must be one of word, phrase, note" });
  });

  it("does not offer the prompt given as ?avoid", async () => {
    const first = await (await route.GET(new Request("http://localhost/api/prompts"))).json();
    for (let i = 0; i < 10; i++) {
      const next = await (await route.GET(new Request(`http://localhost/api/prompts?avoid=${encodeURIComponent(first.text)}`))).json();
      expect(next.text).not.toBe(first.text);
    }
  });
});
