import type { Ink } from "@/lib/ink/types";
import { SampleSubmissionSchema, type SampleSubmissionInput, type SubmissionSource } from "@/lib/samples/sample-submission-schema";

export type SubmitOutcome =
  | { readonly ok: true; readonly id: string; readonly contributions: number }
  | { readonly ok: false; readonly message: string; readonly retryable: boolean };

/**
 * Sends one sample to POST /api/samples. `id` is the caller's: keep it while retrying the same
 * ink, so a request that reached the server but whose answer was lost is not stored twice.
 * Checked with the shared schema first, so most mistakes never leave the browser.
 */
export async function submitSample(input: { id: string; ink: Ink; text: string; source: SubmissionSource; writerId: string }): Promise<SubmitOutcome> {
  const body: SampleSubmissionInput = { ...input, ink: input.ink as SampleSubmissionInput["ink"], consent: true };
  const local = SampleSubmissionSchema.safeParse(body);
  if (!local.success) return { ok: false, message: local.error.issues[0]?.message ?? "This sample cannot be sent.", retryable: false };
  let response: Response;
  try {
    response = await fetch("/api/samples", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, message: "Could not reach the server. Check your connection and try again.", retryable: true };
  }
  const answer = (await response.json().catch(() => ({}))) as { id?: string; contributions?: number; message?: string };
  if (response.ok && answer.id) return { ok: true, id: answer.id, contributions: answer.contributions ?? 0 };
  if (response.status === 429) return { ok: false, message: answer.message ?? "Too many samples at once; wait a moment.", retryable: true };
  return { ok: false, message: answer.message ?? `The server refused the sample (${response.status}).`, retryable: response.status >= 500 };
}
