"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { AdaptationRecord } from "@/lib/adapt/adaptation-record";
import { PERSONALIZE_MAX_SAMPLES, PERSONALIZE_MIN_SAMPLES, shouldAdapt } from "@/lib/adapt/personal-sample";
import { preferAdaptation } from "@/lib/adapt/prefer-adaptation";
import { withDeviceVocabulary } from "@/lib/adapt/personal-lm";
import { AdaptationRun } from "./adaptation-client";
import { fetchServerAdaptation, forgetServerAdaptations } from "./server-adaptation";
import { anonymousWriterId, newAnonymousWriterId } from "./writer-id";
import { countPersonalSamples, forgetPersonalData, listPersonalSamples, loadPersonalAdaptation, PERSONAL_CHANNEL, savePersonalAdaptation } from "./personal-store";
import type { RecognitionClient } from "./recognition-client";

/** What the Write page shows about personalisation. */
export interface PersonalState {
  /** False where the browser keeps no local database: personalisation is then off. */
  storage: boolean;
  /** The writer's samples kept on this device. */
  samples: number;
  /** The adaptation for the loaded base model (null: none yet, or only a stale one). */
  adaptation: Pick<AdaptationRecord, "samples" | "createdAt" | "heldOut" | "trainSeconds" | "origin"> | null;
  /** The person's switch: read with the adaptation or without it. */
  enabled: boolean;
  /** The recognizer reads with the adaptation right now. */
  applied: boolean;
  /** An adaptation running in the background. */
  adapting: { fraction: number; etaSec: number | null; samples: number } | null;
  /** Why it is adapting again, e.g. the base model changed. */
  note: string | null;
  error: string | null;
}

const ENABLED_KEY = "inkwell.personal.enabled";
const readEnabled = () => {
  try {
    return localStorage.getItem(ENABLED_KEY) !== "off";
  } catch {
    return true;
  }
};

export const MIN_SAMPLES = PERSONALIZE_MIN_SAMPLES;

/**
 * Personal adaptation on the Write page, as a small state machine around three things that
 * live elsewhere: the samples and adaptation in IndexedDB (personal-store.ts), the background
 * adaptation worker (adaptation-client.ts) and the recognition worker, which applies an
 * adaptation only to the base weights it was made for (a stale one is refused there, and is
 * then made again from the stored samples). `onApplied` runs after the recognizer switched.
 * A retrain on the server may also have derived one from the samples this writer contributed
 * (server-adaptation.ts); it is fetched once per model and kept when it learned from more.
 */
export function usePersonalization(client: RecognitionClient | null, model: { url: string; file: string; version: string; fingerprint: string } | null, onApplied: () => void) {
  const [state, setState] = useState<PersonalState>({ storage: true, samples: 0, adaptation: null, enabled: true, applied: false, adapting: null, note: null, error: null });
  const record = useRef<AdaptationRecord | null>(null);
  const run = useRef<AdaptationRun | null>(null);
  const enabled = useRef(true);
  /** The model fingerprint the server was last asked about: once per loaded model. */
  const serverAsked = useRef<string | null>(null);
  const onAppliedRef = useRef(onApplied);
  onAppliedRef.current = onApplied;

  const apply = useCallback(() => {
    client?.useAdaptation(enabled.current ? record.current : null);
  }, [client]);

  const adapt = useCallback(
    async (note: string | null) => {
      if (!model || run.current) return;
      let samples;
      try {
        samples = (await listPersonalSamples()).slice(-PERSONALIZE_MAX_SAMPLES);
      } catch (e) {
        setState((s) => ({ ...s, error: (e as Error).message }));
        return;
      }
      if (samples.length < MIN_SAMPLES) return;
      const current = new AdaptationRun(model.url, model.file, samples.map((s) => ({ ink: s.ink, text: s.text })), (p) =>
        setState((s) => ({ ...s, adapting: { fraction: p.fraction, etaSec: p.etaSec, samples: samples.length } })),
      );
      run.current = current;
      setState((s) => ({ ...s, adapting: { fraction: 0, etaSec: null, samples: samples.length }, note, error: null }));
      try {
        const { record: made } = await current.done;
        if (made.base.fingerprint !== model.fingerprint) throw new Error("the model changed while adapting; adapting again");
        await savePersonalAdaptation(made);
        record.current = made;
        setState((s) => ({ ...s, adaptation: made, adapting: null, note: null }));
        apply();
      } catch (e) {
        if ((e as Error).message !== "cancelled") setState((s) => ({ ...s, adapting: null, error: `Adapting to your handwriting failed: ${(e as Error).message}` }));
        else setState((s) => ({ ...s, adapting: null }));
      } finally {
        if (run.current === current) run.current = null;
      }
    },
    [model, apply],
  );

  /** Reads the store again and adapts when there is reason to. */
  const refresh = useCallback(async () => {
    if (!model) return;
    let samples: number, stored: AdaptationRecord | null;
    try {
      [samples, stored] = await Promise.all([countPersonalSamples(), loadPersonalAdaptation()]);
    } catch {
      setState((s) => ({ ...s, storage: false }));
      return;
    }
    if (serverAsked.current !== model.fingerprint) {
      serverAsked.current = model.fingerprint;
      const server = await fetchServerAdaptation(anonymousWriterId(), model.version);
      if (server && preferAdaptation(stored, server, model.fingerprint) === server) {
        // The server's record carries no words; this device's samples give it the writer's own.
        let adopted = server;
        try {
          // The samples a device adaptation would learn from (the newest PERSONALIZE_MAX_SAMPLES).
          adopted = withDeviceVocabulary(server, (await listPersonalSamples()).slice(-PERSONALIZE_MAX_SAMPLES).map((s) => s.text));
        } catch {
          // no words from this device: the server's record as it came
        }
        try {
          await savePersonalAdaptation(adopted);
        } catch {
          // kept for this page only
        }
        stored = adopted;
      }
    }
    const stale = !!stored && stored.base.fingerprint !== model.fingerprint;
    const usable = stored && !stale ? stored : null;
    const changed = usable?.createdAt !== record.current?.createdAt;
    record.current = usable;
    setState((s) => ({ ...s, storage: true, samples, adaptation: usable }));
    if (changed) apply();
    if (shouldAdapt(samples, stored ? { samples: stored.samples, stale } : null)) {
      void adapt(stale ? `The handwriting model changed (now ${model.version}): adapting to your handwriting again from your ${Math.min(samples, PERSONALIZE_MAX_SAMPLES)} samples.` : null);
    }
  }, [model, adapt, apply]);

  // On a (new) base model: load what the device has, apply it or re-derive it.
  useEffect(() => {
    enabled.current = readEnabled();
    setState((s) => ({ ...s, enabled: enabled.current }));
    void refresh();
  }, [refresh]);

  // Samples added on another page or tab (Contribute) count too.
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(PERSONAL_CHANNEL);
    channel.onmessage = () => void refresh();
    return () => channel.close();
  }, [refresh]);

  useEffect(() => () => run.current?.cancel(), []);

  /** The recognition worker's answer to useAdaptation(). */
  const onWorkerAnswer = useCallback(
    (answer: { applied: boolean; stale: boolean; message: string | null }) => {
      setState((s) => ({ ...s, applied: answer.applied && enabled.current && !!record.current, error: answer.applied || answer.stale ? s.error : answer.message }));
      if (answer.stale) {
        record.current = null;
        void adapt("The handwriting model changed: adapting to your handwriting again from your samples.");
      }
      if (answer.applied) onAppliedRef.current();
    },
    [adapt],
  );

  const setEnabled = useCallback(
    (on: boolean) => {
      enabled.current = on;
      try {
        localStorage.setItem(ENABLED_KEY, on ? "on" : "off");
      } catch {
        // the switch holds for this page only
      }
      setState((s) => ({ ...s, enabled: on }));
      apply();
    },
    [apply],
  );

  const forget = useCallback(async () => {
    run.current?.cancel();
    run.current = null;
    record.current = null;
    try {
      await forgetPersonalData();
    } catch (e) {
      setState((s) => ({ ...s, error: `Could not delete: ${(e as Error).message}` }));
      return;
    }
    client?.useAdaptation(null);
    // What the server's retrains derived for this writer goes too, and the page takes a new id,
    // so no later retrain makes one that this browser would fetch again.
    const previousId = anonymousWriterId();
    newAnonymousWriterId();
    let serverError: string | null = null;
    try {
      await forgetServerAdaptations(previousId);
    } catch (e) {
      serverError = `Deleted on this device, but the server could not delete what it learned of your handwriting: ${(e as Error).message}. This browser no longer asks for it.`;
    }
    setState((s) => ({ ...s, samples: 0, adaptation: null, applied: false, adapting: null, note: null, error: serverError }));
  }, [client]);

  return { state, refresh, setEnabled, forget, onWorkerAnswer };
}
