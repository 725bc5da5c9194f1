import type { Ink } from "@/lib/ink/types";
import type { AdaptationRecord } from "@/lib/adapt/adaptation-record";
import type { FromWorker, ToWorker } from "./worker-protocol";
import type { Precision } from "@/lib/model/network";

export type RecognitionResult = Extract<FromWorker, { type: "result" }>;

export interface RecognitionClientEvents {
  progress(loadedBytes: number, totalBytes: number, fromCache: boolean): void;
  ready(info: Omit<Extract<FromWorker, { type: "ready" }>, "type">): void;
  loadError(failure: Extract<FromWorker, { type: "load-error" }>["failure"], message: string): void;
  /** The answer for the newest ink asked about; `startedAt` is when recognize() was called for it. */
  result(result: RecognitionResult, ink: Ink, startedAt: number): void;
  recognizeError(message: string): void;
  /** The worker's answer to useAdaptation(). */
  adaptation?(answer: Omit<Extract<FromWorker, { type: "adaptation" }>, "type">): void;
}

/**
 * The main-thread side of the recognition worker. Asking is cheap and never blocks: at most
 * one ink is in the worker at a time, and inks asked about meanwhile collapse into the newest
 * one, sent the moment the worker is free. That is the debounce: quick strokes are not queued
 * one by one, yet a lone stroke is recognized with no added delay. Answers for inks that have
 * been superseded are dropped, so the page never shows a stale transcript.
 */
export class RecognitionClient {
  private readonly worker: Worker;
  private nextId = 1;
  private latestId = 0;
  private inFlight: { id: number; ink: Ink; startedAt: number } | undefined;
  private pending: { id: number; ink: Ink; startedAt: number } | undefined;

  constructor(private readonly events: RecognitionClientEvents) {
    this.worker = new Worker(new URL("./recognizer.worker.ts", import.meta.url), { type: "module", name: "inkwell-recognizer" });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.onMessage(e.data);
    this.worker.onerror = (e) => {
      e.preventDefault();
      this.events.loadError("engine", e.message || "the recognition worker failed to start");
    };
  }

  load(url: string, options: { precision?: Precision; threads?: 1 | 2 } = {}): void {
    this.post({ type: "load", url, ...options });
  }

  /** Recognizes `ink` as soon as the worker is free; supersedes any ink not yet answered. */
  recognize(ink: Ink, startedAt = performance.now()): void {
    const request = { id: this.nextId++, ink, startedAt };
    this.latestId = request.id;
    if (this.inFlight) this.pending = request;
    else this.send(request);
  }

  /** Reads with a personal adaptation on top of the base model from now on, or with the base alone (null). */
  useAdaptation(record: AdaptationRecord | null): void {
    this.post({ type: "use-adaptation", record });
  }

  /** Forgets any ink in flight or waiting (after a clear): its answer will not be delivered. */
  cancel(): void {
    this.latestId = this.nextId++;
    this.pending = undefined;
  }

  dispose(): void {
    this.worker.terminate();
  }

  private send(request: { id: number; ink: Ink; startedAt: number }) {
    this.inFlight = request;
    this.post({ type: "recognize", id: request.id, ink: request.ink });
  }

  private post(message: ToWorker) {
    this.worker.postMessage(message);
  }

  private onMessage(message: FromWorker) {
    switch (message.type) {
      case "progress":
        this.events.progress(message.loadedBytes, message.totalBytes, message.fromCache);
        return;
      case "ready": {
        const { type: _type, ...info } = message;
        this.events.ready(info);
        return;
      }
      case "adaptation": {
        const { type: _type, ...answer } = message;
        this.events.adaptation?.(answer);
        return;
      }
      case "load-error":
        this.events.loadError(message.failure, message.message);
        return;
      case "result":
      case "recognize-error": {
        const answered = this.inFlight;
        this.inFlight = undefined;
        const next = this.pending;
        this.pending = undefined;
        if (next) this.send(next);
        if (!answered || answered.id !== message.id || message.id !== this.latestId) return;
        if (message.type === "result") this.events.result(message, answered.ink, answered.startedAt);
        else this.events.recognizeError(message.message);
        return;
      }
    }
  }
}
