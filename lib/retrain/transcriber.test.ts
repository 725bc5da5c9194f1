import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFixtureInks, loadStackedFixtureInks } from "../ink/fixtures";
import { recognizeLines } from "../model/recognize-lines";
import type { Ink } from "../ink/types";
import { readModelDir } from "../model/load-node";
import { loadRecognizer } from "../model/recognizer";
import { modelStore, shippedDefaultModel } from "../models/active-model";
import { InkReaderThread } from "./ink-reader-thread";
import { Transcriber } from "./transcriber";

const model = shippedDefaultModel(modelStore(path.resolve(import.meta.dirname, "..", "..")))!;
const thread = new InkReaderThread();
afterAll(() => thread.close());

describe("Transcriber on the reading thread", () => {
  it("reads as the recognizer does, once per sample and label", async () => {
    const samples = loadFixtureInks().slice(0, 3);
    const local = await loadRecognizer(readModelDir(model.dir));
    let reads = 0;
    const transcriber = new Transcriber({ read: (dir, ink) => (reads++, thread.read(dir, ink)) });
    try {
      for (const [i, s] of samples.entries()) {
        const sample = { id: `s${i}`, label: s.text, ink: s.ink };
        // Two pages asking at once share one reading; a later page gets the remembered one.
        const [a, b] = await Promise.all([transcriber.transcribe(model, sample), transcriber.transcribe(model, sample)]);
        expect(b).toBe(a);
        expect(await transcriber.transcribe(model, sample)).toBe(a);
        expect(a.text).toBe(local.recognize(s.ink, { decoder: "greedy" }).candidates[0]?.text ?? "");
        expect(a.cer).toBeGreaterThanOrEqual(0);
      }
      expect(reads).toBe(samples.length);
      // A new label is a new question.
      await transcriber.transcribe(model, { id: "s0", label: "other", ink: samples[0].ink });
      expect(reads).toBe(samples.length + 1);
    } finally {
      local.dispose();
    }
  });

  it("reads a note of several lines line by line, its lines joined by newlines like its label", async () => {
    const note = loadStackedFixtureInks()[0];
    const local = await loadRecognizer(readModelDir(model.dir));
    try {
      const read = await new Transcriber(thread).transcribe(model, { id: "note", label: note.text, ink: note.ink });
      const expected = recognizeLines(local, note.ink, { decoder: "greedy" }).candidates[0].text;
      expect(read.text).toBe(expected);
      expect(read.text.split("\n")).toHaveLength(note.text.split("\n").length);
    } finally {
      local.dispose();
    }
  });

  it("keeps the main thread free while a huge ink is read (issue 14 #3)", async () => {
    // ~50,000 points: the fixture's strokes repeated side by side.
    const base = loadFixtureInks()[0].ink;
    const strokes: Ink["strokes"][number][] = [];
    for (let k = 0; strokes.reduce((n, s) => n + s.points.length, 0) < 50_000; k++) {
      for (const s of base.strokes) strokes.push({ ...s, points: s.points.map((p) => ({ ...p, x: p.x + 300 * k })) });
    }
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    spin();
    const text = await new Transcriber(thread).transcribe(model, { id: "huge", label: "x", ink: { ...base, strokes } });
    spinning = false;
    expect(typeof text.text).toBe("string");
    // Read in-process, the whole reading would be one turn of the event loop.
    expect(turns).toBeGreaterThan(50);
  });

  it("fails a reading with the thread's error, and reads again afterwards", async () => {
    const ink = loadFixtureInks()[0].ink;
    await expect(thread.read(path.join(model.dir, "no-such-version"), ink)).rejects.toThrow(/no-such-version|ENOENT/);
    await expect(thread.read(model.dir, ink)).resolves.toEqual(expect.any(String));
  });
});
