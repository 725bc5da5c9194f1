import { type AdaptationRecord, adaptationFromJson } from "@/lib/adapt/adaptation-record";

/**
 * The personal adaptation the server's retrain derived for this writer on the page's model
 * version (GET /api/adaptations/<writerId>?version=…), or null: none, or the server cannot be
 * asked (offline, an older server). Never throws: the page then simply reads without it.
 */
export async function fetchServerAdaptation(writerId: string, version: string): Promise<AdaptationRecord | null> {
  try {
    const response = await fetch(`/api/adaptations/${encodeURIComponent(writerId)}?version=${encodeURIComponent(version)}`, { cache: "no-store" });
    if (!response.ok) return null;
    const body = (await response.json()) as { adaptation?: unknown };
    return body.adaptation ? adaptationFromJson(body.adaptation) : null;
  } catch {
    return null;
  }
}

/** Asks the server to delete what retrains derived for this writer; throws with the reason when it could not. */
export async function forgetServerAdaptations(writerId: string): Promise<void> {
  const response = await fetch(`/api/adaptations/${encodeURIComponent(writerId)}`, { method: "DELETE" });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new Error(body?.message ?? `the server answered ${response.status}`);
  }
}
