import type { DatabaseProvider, PrismaClient } from "../db";
import { reviewListing, type ReviewListingItem } from "../samples/review-listing";
import { activeModelLocation, type ModelStore } from "../models/active-model";
import type { ReviewQuery } from "./review-queue";
import type { Transcriber, Transcription } from "./transcriber";

/**
 * A listed sample with the active model's reading of it: null when there is no model, the
 * reading failed, or it is still under way (`reading: true`; ask again shortly).
 */
export type ReviewQueueItem = ReviewListingItem & { transcription: Transcription | null; reading: boolean };

/** What GET /api/admin/review answers with. */
export interface ReviewQueuePage {
  items: ReviewQueueItem[];
  total: number;
  /** The `after` for the next page, or null on the last one. */
  next: string | null;
  /** The version that read the samples; null when no model is available. */
  model: string | null;
}

export interface ReviewQueueDeps {
  readonly db: Pick<PrismaClient, "sample" | "$queryRawUnsafe" | "modelVersion">;
  readonly provider: DatabaseProvider;
  readonly store: ModelStore;
  /** Keeps the model loaded and every reading made, across requests. */
  readonly transcriber: Transcriber;
  readonly warn?: (message: string, error: unknown) => void;
  /** How long a page waits for readings not yet made before it answers without them. */
  readonly readingWaitMs?: number;
}

/** Long enough for a page of ordinary words (~20 ms each), short enough that huge inks never hold the queue. */
export const READING_WAIT_MS = 1500;

/**
 * One page of the review queue (lib/samples/review-listing.ts) with the active model's greedy
 * reading of each sample and its CER against the label, computed from the full ink on the
 * reading thread, so that mislabelled samples stand out. A sample the model cannot read is
 * listed without a reading: one bad ink must not hide the page.
 */
export async function reviewQueuePage(deps: ReviewQueueDeps, query: ReviewQuery): Promise<ReviewQueuePage> {
  const warn = deps.warn ?? ((message, error) => console.warn(message, error));
  const page = await reviewListing(deps.db, deps.provider, query);
  const model = await activeModelLocation(deps.db, deps.store);
  // Every reading is asked for at once (the reading thread takes them in turn); the page waits
  // for them up to readingWaitMs, and the ones still under way are listed as `reading`.
  const readings = page.items.map((item) => {
    const ink = page.inks.get(item.id);
    const state: { done: boolean; transcription: Transcription | null; settled: Promise<void> } = { done: !model || !ink, transcription: null, settled: Promise.resolve() };
    if (model && ink) {
      state.settled = deps.transcriber.transcribe(model, { id: item.id, label: item.label, ink }).then(
        (t) => void Object.assign(state, { done: true, transcription: t }),
        (error) => {
          state.done = true;
          warn(`review queue: could not transcribe ${item.id}`, error);
        },
      );
    }
    return state;
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([Promise.all(readings.map((r) => r.settled)), new Promise((resolve) => (timer = setTimeout(resolve, deps.readingWaitMs ?? READING_WAIT_MS)))]);
  clearTimeout(timer);
  const items: ReviewQueueItem[] = page.items.map((item, i) => ({ ...item, transcription: readings[i].transcription, reading: !readings[i].done }));
  return { items, total: page.total, next: page.next, model: model?.version ?? null };
}
