import type { DatabaseProvider, PrismaClient } from "../db";
import { reviewListing, type ReviewListingItem } from "../samples/review-listing";
import { activeModelLocation, type ModelStore } from "../models/active-model";
import type { ReviewQuery } from "./review-queue";
import type { Transcriber, Transcription } from "./transcriber";

/** A listed sample with the active model's reading of it (null when there is no model or it failed). */
export type ReviewQueueItem = ReviewListingItem & { transcription: Transcription | null };

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
}

/**
 * One page of the review queue (lib/samples/review-listing.ts) with the active model's greedy
 * reading of each sample and its CER against the label, computed from the full ink, so that
 * mislabelled samples stand out. A sample the model cannot read is listed without a reading:
 * one bad ink must not hide the page.
 */
export async function reviewQueuePage(deps: ReviewQueueDeps, query: ReviewQuery): Promise<ReviewQueuePage> {
  const warn = deps.warn ?? ((message, error) => console.warn(message, error));
  const page = await reviewListing(deps.db, deps.provider, query);
  const model = await activeModelLocation(deps.db, deps.store);
  const items: ReviewQueueItem[] = [];
  // One at a time: recognition runs on this thread, so in parallel it would only interleave.
  for (const item of page.items) {
    let transcription: Transcription | null = null;
    const ink = page.inks.get(item.id);
    if (model && ink) {
      try {
        transcription = await deps.transcriber.transcribe(model, { id: item.id, label: item.label, ink });
      } catch (error) {
        warn(`review queue: could not transcribe ${item.id}`, error);
      }
    }
    items.push({ ...item, transcription });
  }
  return { items, total: page.total, next: page.next, model: model?.version ?? null };
}
