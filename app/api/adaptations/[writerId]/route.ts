import { site } from "@/lib/auth";
import { env } from "@/lib/env";
import { handleForgetWriterAdaptations, handleWriterAdaptation } from "@/lib/retrain/writer-adaptation-handlers";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ writerId: string }> };

/** The personal adaptation a retrain derived for this writer on ?version= (lib/retrain/writer-adaptation-handlers.ts). */
export async function GET(request: Request, context: Context): Promise<Response> {
  return handleWriterAdaptation(request, (await context.params).writerId, { dataDir: env.DATA_DIR, site });
}

/** "Forget my handwriting": deletes what retrain jobs derived for this writer. */
export async function DELETE(request: Request, context: Context): Promise<Response> {
  return handleForgetWriterAdaptations(request, (await context.params).writerId, { dataDir: env.DATA_DIR, site });
}
