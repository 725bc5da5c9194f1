import type { Charset } from "../ctc/charset";
import { choosePrompt, type Prompt } from "./choose-prompt";
import { PROMPT_PHRASES } from "./prompt-phrases";
import { PROMPT_WORDS } from "./prompt-words";

export interface NextPromptDeps {
  readonly charset: () => Promise<Charset>;
  readonly counts: () => Promise<ReadonlyMap<string, number>>;
  readonly random?: () => number;
}

/** GET /api/prompts[?avoid=<text>]: 200 { text, kind, focus }; 503 when the database does not answer. */
export async function nextPrompt(request: Request, deps: NextPromptDeps): Promise<Response> {
  const avoid = new URL(request.url).searchParams.get("avoid")?.slice(0, 300) ?? undefined;
  let prompt: Prompt;
  try {
    const [charset, counts] = await Promise.all([deps.charset(), deps.counts()]);
    prompt = choosePrompt({ words: PROMPT_WORDS, phrases: PROMPT_PHRASES, counts, charset, avoid, random: deps.random });
  } catch (error) {
    console.error("prompts: choosing a prompt failed", error);
    return Response.json({ error: "unavailable", message: "No prompt right now; try again shortly." }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
  return Response.json(prompt, { headers: { "Cache-Control": "no-store" } });
}
