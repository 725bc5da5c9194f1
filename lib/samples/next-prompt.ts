import type { Charset } from "../ctc/charset";
import { choosePrompt, type Prompt, type PromptKind } from "./choose-prompt";
import { PROMPT_NOTES } from "./prompt-notes";
import { PROMPT_PHRASES } from "./prompt-phrases";
import { PROMPT_WORDS } from "./prompt-words";

export interface NextPromptDeps {
  readonly charset: () => Promise<Charset>;
  readonly counts: () => Promise<ReadonlyMap<string, number>>;
  readonly random?: () => number;
}

const PROMPT_KINDS: readonly PromptKind[] = ["word", "phrase", "note"];
/** Share of prompts that are notes of several lines when no kind is asked for. */
export const NOTE_SHARE = 0.15;

/**
 * GET /api/prompts[?avoid=<text>][&kind=word|phrase|note]: 200 { text, kind, focus } (a note's
 * lines joined by "\n"); 400 for an unknown kind; 503 when the database does not answer.
 */
export async function nextPrompt(request: Request, deps: NextPromptDeps): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const avoid = params.get("avoid")?.slice(0, 300) ?? undefined;
  const kindParam = params.get("kind");
  const kind = PROMPT_KINDS.find((k) => k === kindParam);
  if (kindParam !== null && !kind) {
    return Response.json({ error: "invalid_kind", message: `kind must be one of ${PROMPT_KINDS.join(", ")}` }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  let prompt: Prompt;
  try {
    const [charset, counts] = await Promise.all([deps.charset(), deps.counts()]);
    prompt = choosePrompt({ words: PROMPT_WORDS, phrases: PROMPT_PHRASES, notes: PROMPT_NOTES, noteShare: NOTE_SHARE, kind, counts, charset, avoid, random: deps.random });
  } catch (error) {
    console.error("prompts: choosing a prompt failed", error);
    return Response.json({ error: "unavailable", message: "No prompt right now; try again shortly." }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
  return Response.json(prompt, { headers: { "Cache-Control": "no-store" } });
}
