import { handleNextPrompt } from "@/lib/samples/server";

export const dynamic = "force-dynamic";

/** The next text to write: { text, kind: "word" | "phrase", focus }. ?avoid=<text> skips one. */
export function GET(request: Request): Promise<Response> {
  return handleNextPrompt(request);
}
