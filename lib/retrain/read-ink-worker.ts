import { parentPort } from "node:worker_threads";
import type { Ink } from "../ink/types";
import { readModelDir } from "../model/load-node";
import { loadRecognizer, type Recognizer } from "../model/recognizer";
import { recognizeLines } from "../model/recognize-lines";

/**
 * The review queue's reading thread (ink-reader-thread.ts starts it): greedy readings of
 * contributed inks with a model version's weights, off the server's main thread, because one
 * 50,000-point ink takes 0.5–1 s to read and the main thread serves every request. A note of
 * several lines is read line by line (recognizeLines), its lines joined by "\n" like its label.
 */
export type ReadRequest = { type: "read"; id: number; modelDir: string; ink: Ink };
export type ReadResponse = { type: "read"; id: number; text: string } | { type: "error"; id: number; message: string };

// One model at a time: the queue shows the active version's readings.
let loaded: { dir: string; recognizer: Promise<Recognizer> } | null = null;

function recognizerFor(dir: string): Promise<Recognizer> {
  if (loaded?.dir !== dir) {
    void loaded?.recognizer.then((r) => r.dispose(), () => {});
    loaded = { dir, recognizer: loadRecognizer(readModelDir(dir)) };
  }
  return loaded.recognizer;
}

const port = parentPort!;
port.on("message", async (req: ReadRequest) => {
  try {
    const recognizer = await recognizerFor(req.modelDir);
    const text = req.ink.strokes.length ? (recognizeLines(recognizer, req.ink, { decoder: "greedy" }).candidates[0]?.text ?? "") : "";
    port.postMessage({ type: "read", id: req.id, text } satisfies ReadResponse);
  } catch (error) {
    if (loaded?.dir === req.modelDir) loaded = null; // a model that failed to load is tried again next time
    port.postMessage({ type: "error", id: req.id, message: error instanceof Error ? error.message : String(error) } satisfies ReadResponse);
  }
});
