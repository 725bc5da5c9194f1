"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { Ink } from "@/lib/ink/types";
import type { AlignedLetter } from "@/lib/model/recognizer";
import { fetchActiveModel } from "./active-model";
import { inkProblem, type InkProblem } from "./ink-problem";
import { EMPTY_INK } from "./use-ink-capture";
import type { ModelState } from "./ModelStatus";
import { RecognitionClient, type RecognitionClientEvents, type RecognitionResult } from "./recognition-client";
import type { LineResult } from "./worker-protocol";

/** What the model read for one ink: the whole (lines joined by "\n") and each line on its own. */
export interface Reading {
  candidates: RecognitionResult["candidates"];
  alignment: AlignedLetter[];
  /** One per line of writing, top to bottom (a word or a single line: one). */
  lines: LineResult[];
  /** The ink it was read from (a correction pairs this ink with the reading's text and stroke indices). */
  ink: Ink;
  strokes: number;
  /** When the ink was handed to the recognizer (pen-up), for the latency measurement. */
  startedAt: number;
  timings: RecognitionResult["timings"];
}

/** The loaded base model: its URL for the adaptation worker, its fingerprint for adaptations. */
export interface BaseModel {
  url: string;
  /** The model file in `url` the recognizer loaded (model.json, or model.int8.json for the int8 form). */
  file: string;
  version: string;
  fingerprint: string;
}

type AdaptationAnswer = Parameters<NonNullable<RecognitionClientEvents["adaptation"]>>[0];

/**
 * A reading still out this long shows as busy (the transcript dims, aria-busy); a word takes
 * 15–25 ms. Until then a pen-up renders nothing, so the recognizer has the CPU (see
 * STROKE_STATE_DELAY_MS in use-ink-capture.ts), and the page renders once, with the reading.
 */
const BUSY_DELAY_MS = 60;

const LOAD_FAILURE_TEXT = {
  network: {
    title: "The handwriting model could not be downloaded.",
    detail: "Check your connection and try again. Once it has loaded, Inkwell keeps a copy on this device and works offline.",
  },
  invalid: {
    title: "The handwriting model could not be read.",
    detail: "The files on the server look damaged or incomplete. Try again in a moment; if it keeps happening, tell the site's admin.",
  },
  engine: {
    title: "Handwriting recognition could not start in this browser.",
    detail: "Inkwell needs Web Workers and either WebAssembly or a recent JavaScript engine. Try an up-to-date Chrome, Edge, Firefox or Safari.",
  },
} as const;

/**
 * The recognition worker and its model on the Write page: one per page, loaded again on
 * `retry()`. `read(ink)` reads the latest ink (at once, or as soon as the model is ready; an
 * ink that cannot be read gives a `problem` instead), `readAgain()` reads it once more (after
 * the personal adaptation switched). The reading (whole and per line) and
 * the pen-up → transcript latency, measured once the new transcript is in the DOM.
 * `onAdaptationAnswer` gets the worker's answers to `client.useAdaptation()`; `beforeReading`
 * runs as a reading (or a failure to read) lands, in the same task as its state, so that state
 * the caller held back for it (the ink of a new stroke) renders together with it.
 */
export function useRecognizer(onAdaptationAnswer: (answer: AdaptationAnswer) => void, beforeReading: () => void = () => {}) {
  const clientRef = useRef<RecognitionClient | null>(null);
  const modelReadyRef = useRef(false);
  const latestInkRef = useRef<Ink>(EMPTY_INK);
  const measuredRef = useRef<Reading | null>(null);
  const modelUrlRef = useRef<string | null>(null);
  const onAdaptationAnswerRef = useRef(onAdaptationAnswer);
  onAdaptationAnswerRef.current = onAdaptationAnswer;
  const beforeReadingRef = useRef(beforeReading);
  beforeReadingRef.current = beforeReading;

  const [model, setModel] = useState<ModelState>({ phase: "starting" });
  const [reading, setReading] = useState<Reading | null>(null);
  const [problem, setProblem] = useState<InkProblem | null>({ kind: "empty" });
  const [recognizeError, setRecognizeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The last measured pen-up → transcript latency, with the stage timings of the reading it measured.
  const [latency, setLatency] = useState<{ ms: number; timings: Reading["timings"] } | null>(null);
  const [loadAttempt, setLoadAttempt] = useState(0);
  const [baseModel, setBaseModel] = useState<BaseModel | null>(null);
  const [client, setClient] = useState<RecognitionClient | null>(null);

  // A reading on its way: "busy", and the end of an earlier problem (the empty canvas), show only
  // if it is still out after BUSY_DELAY_MS; a quick reading brings them with it.
  const outstandingRef = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const settle = useCallback(() => {
    clearTimeout(outstandingRef.current);
    outstandingRef.current = undefined;
    beforeReadingRef.current();
    setProblem(null);
    setBusy(false);
  }, []);

  const readAgain = useCallback(() => {
    const current = latestInkRef.current;
    const found = inkProblem(current);
    clearTimeout(outstandingRef.current);
    outstandingRef.current = undefined;
    if (found || !modelReadyRef.current) setProblem(found);
    if (found) {
      clientRef.current?.cancel();
      setBusy(false);
      setReading(null);
      return;
    }
    if (!modelReadyRef.current) return; // recognized as soon as the model is ready
    outstandingRef.current = setTimeout(() => {
      outstandingRef.current = undefined;
      beforeReadingRef.current(); // the held-back ink shows in the same render as "busy"
      setProblem(null);
      setBusy(true);
    }, BUSY_DELAY_MS);
    clientRef.current?.recognize(current, performance.now());
  }, []);

  const read = useCallback(
    (ink: Ink) => {
      latestInkRef.current = ink;
      readAgain();
    },
    [readAgain],
  );

  useEffect(() => {
    const controller = new AbortController();
    modelReadyRef.current = false;
    setModel({ phase: "starting" });
    const offlineRef = { current: false };
    let client: RecognitionClient;
    try {
      client = new RecognitionClient({
        progress: (loadedBytes, totalBytes, fromCache) => setModel({ phase: "loading", loadedBytes, totalBytes, fromCache }),
        ready: (info) => {
          modelReadyRef.current = true;
          if (modelUrlRef.current) setBaseModel({ url: modelUrlRef.current, file: info.modelFile, version: info.version, fingerprint: info.fingerprint });
          setModel((m) => ({ phase: "ready", ...info, offline: m.phase === "ready" ? m.offline : offlineRef.current }));
          readAgain();
        },
        loadError: (failure, message) => {
          modelReadyRef.current = false;
          clearTimeout(outstandingRef.current);
          outstandingRef.current = undefined;
          setProblem(inkProblem(latestInkRef.current)); // an empty-canvas state still held back goes
          setBusy(false);
          setModel({ phase: "error", title: LOAD_FAILURE_TEXT[failure].title, detail: `${LOAD_FAILURE_TEXT[failure].detail} (Details: ${message}.)` });
        },
        result: (result, forInk, startedAt) => {
          settle();
          setRecognizeError(null);
          setReading({ candidates: result.candidates, alignment: result.alignment, lines: result.lines, ink: forInk, strokes: forInk.strokes.length, startedAt, timings: result.timings });
        },
        recognizeError: (message) => {
          settle();
          setRecognizeError(message);
        },
        adaptation: (answer) => onAdaptationAnswerRef.current(answer),
      });
    } catch (e) {
      setModel({ phase: "error", title: LOAD_FAILURE_TEXT.engine.title, detail: `${LOAD_FAILURE_TEXT.engine.detail} (Details: ${(e as Error).message}.)` });
      return;
    }
    clientRef.current = client;
    setClient(client);
    setBaseModel(null);
    fetchActiveModel(controller.signal)
      .then((active) => {
        offlineRef.current = active.offline;
        modelUrlRef.current = active.url;
        // Diagnostics and benchmarks (scripts/bench-browser.ts): ?precision=int8|float, ?threads=1.
        const query = new URLSearchParams(window.location.search);
        const precision = query.get("precision");
        client.load(active.url, {
          precision: precision === "int8" || precision === "float" ? precision : undefined,
          threads: query.get("threads") === "1" ? 1 : undefined,
        });
      })
      .catch((e: Error) => {
        if (e.name === "AbortError") return;
        setModel({ phase: "error", title: "Inkwell could not find out which handwriting model to load.", detail: `Check your connection and try again. (Details: ${e.message}.)` });
      });
    return () => {
      controller.abort();
      client.dispose();
      if (clientRef.current === client) clientRef.current = null;
      setClient((c) => (c === client ? null : c));
    };
  }, [loadAttempt, readAgain, settle]);

  // Pen-up → transcript on screen: measured once the new transcript is in the DOM, and shown after
  // the browser has painted it. (Setting state in a layout effect renders the page a second time
  // before that paint: the latency figure would delay the very transcript it measures.)
  // (A layout effect elsewhere that sets state in the same commit makes React run this effect
  // before that extra render, so "after the paint" is the usual case, not a guarantee.)
  const measuredLatencyRef = useRef<{ ms: number; timings: Reading["timings"] } | null>(null);
  useLayoutEffect(() => {
    if (reading && measuredRef.current !== reading) {
      measuredRef.current = reading;
      measuredLatencyRef.current = { ms: performance.now() - reading.startedAt, timings: reading.timings };
    }
  }, [reading]);
  useEffect(() => {
    const measured = measuredLatencyRef.current;
    measuredLatencyRef.current = null;
    if (measured !== null) setLatency(measured);
  }, [reading]);

  const retry = useCallback(() => setLoadAttempt((n) => n + 1), []);

  return { model, client, baseModel, reading, problem, recognizeError, busy, latencyMs: latency?.ms ?? null, latencyStages: latency?.timings, read, readAgain, retry };
}
