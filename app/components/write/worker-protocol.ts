import type { Ink } from "@/lib/ink/types";
import type { KernelBuild } from "@/lib/model/kernels/wasm-kernels";
import type { AlignedLetter, Engine, Recognition } from "@/lib/model/recognizer";

/** Messages between the Write page and its recognition worker (recognizer.worker.ts). */
export type ToWorker =
  /** Load (or reuse from Cache Storage) the model under `url`, e.g. "/models/v1". */
  | { type: "load"; url: string }
  /** Recognize one ink; `id` increases with every request so stale answers can be dropped. */
  | { type: "recognize"; id: number; ink: Ink };

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
      fromCache: boolean;
      loadMs: number;
      /** False when WebAssembly itself is missing (the engine is then plain JavaScript). */
      webAssembly: boolean;
    }
  | { type: "load-error"; failure: LoadFailure; message: string }
  | ({ type: "result"; id: number } & Pick<Recognition, "candidates" | "timings" | "frames"> & { alignment: AlignedLetter[] })
  | { type: "recognize-error"; id: number; message: string };
