import type { Ink } from "@/lib/ink/types";
import type { KernelBuild } from "@/lib/model/kernels/wasm-kernels";
import type { AlignedLetter, Engine, Recognition } from "@/lib/model/recognizer";
import type { Precision } from "@/lib/model/network";
import type { AdaptationRecord } from "@/lib/adapt/adaptation-record";

/**
 * One line of the ink, read on its own (lib/model/recognize-lines.ts): its strokes (page indices,
 * ascending), its key (lineKeys: equal keys, equal strokes), its n-best and its alignment (letter
 * indices into this line's top text, stroke indices into the page ink).
 */
export interface LineResult {
  key: string;
  strokes: number[];
  candidates: Recognition["candidates"];
  alignment: AlignedLetter[];
}

/** Messages between the Write page and its recognition worker (recognizer.worker.ts). */
export type ToWorker =
  /**
   * Load (or reuse from Cache Storage) the model under `url`, e.g. "/models/v1", and run it in
   * `precision` (int8: quantised on load, lib/model/quantize.ts) on at most `threads` threads.
   */
  | { type: "load"; url: string; precision?: Precision; threads?: 1 | 2 }
  /** Recognize one ink; `id` increases with every request so stale answers can be dropped. */
  | { type: "recognize"; id: number; ink: Ink }
  /** Read with this personal adaptation on top of the base model, or (null) with the base model alone. */
  | { type: "use-adaptation"; record: AdaptationRecord | null };

export type LoadFailure =
  /** The files could not be fetched (offline and not cached, server error). */
  | "network"
  /** The files arrived but are not a usable model. */
  | "invalid"
  /** The worker could not start an engine at all. */
  | "engine";

export type FromWorker =
  | { type: "progress"; loadedBytes: number; totalBytes: number; fromCache: boolean }
  | {
      type: "ready";
      version: string;
      engine: Engine;
      /** Threads each recognition runs on (2 when the page is cross-origin isolated). */
      threads: number;
      /** The wasm kernels' build, e.g. "shared-relaxed" (null on the JavaScript fallback). */
      kernelBuild: KernelBuild | null;
      /** The network's arithmetic: "float", or "int8" on the wasm engine when asked for. */
      precision: Precision;
      /** Which model file of the version was loaded (model.json or model.int8.json): adaptations train on the same one. */
      modelFile: string;
      fromCache: boolean;
      loadMs: number;
      /** False when WebAssembly itself is missing (the engine is then plain JavaScript). */
      webAssembly: boolean;
      /** Names the exact base weights (lib/adapt/base-fingerprint.ts): adaptations are bound to it. */
      fingerprint: string;
    }
  /**
   * The answer to use-adaptation: applied (or the base model restored when `record` was null),
   * or refused because the record was made for other base weights (`stale`), or another error.
   */
  | { type: "adaptation"; applied: boolean; stale: boolean; message: string | null }
  | { type: "load-error"; failure: LoadFailure; message: string }
  | ({ type: "result"; id: number } & Pick<Recognition, "candidates" | "timings" | "frames"> & { alignment: AlignedLetter[]; lines: LineResult[]; clock: WorkerClock })
  | { type: "recognize-error"; id: number; message: string };

/**
 * When the worker took a recognize request and when it answered, in milliseconds since the epoch
 * (performance.timeOrigin + performance.now(), comparable across the page and its workers), so a
 * benchmark can tell the worker's own time from time spent waiting on either side.
 */
export interface WorkerClock {
  received: number;
  answered: number;
}

/** Now on WorkerClock's clock: milliseconds since the epoch, the same in the page and its workers. */
export const epochNow = (): number => performance.timeOrigin + performance.now();
