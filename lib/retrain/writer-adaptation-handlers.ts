import { z } from "zod";
import { adaptationToJson } from "../adapt/adaptation-record";
import { refuseCrossSite, type SiteOrigins } from "../auth/same-origin";
import { apiError, noStoreJson, validationFailed } from "../http/api-error";
import { VERSION_PATTERN } from "../models/active-model";
import { WriterIdSchema } from "../samples/sample-submission-schema";
import { deleteWriterAdaptations, loadWriterAdaptation } from "./writer-adaptation-store";

export interface WriterAdaptationDeps {
  /** DATA_DIR: where retrain jobs store the adaptations they derive. */
  dataDir: string;
  site: SiteOrigins;
}

const WriterParamSchema = z.strictObject({ writerId: WriterIdSchema });
const LookupQuerySchema = z.strictObject({
  version: z.string({ message: "give the model version the page runs (?version=…)" }).regex(VERSION_PATTERN, "version must be 1–64 letters, digits, '.', '_' or '-'"),
});

/**
 * GET /api/adaptations/<writerId>?version=<v>: the personal adaptation a retrain job derived for
 * this writer on that model version, as { adaptation: <record JSON> }, or { adaptation: null }
 * when there is none (the usual answer: most writers contributed too little, or nothing, or to
 * another version). The writer id is the browser's own random id, so only its page asks.
 * 422 for a malformed id or version.
 */
export async function handleWriterAdaptation(request: Request, writerId: string, deps: WriterAdaptationDeps): Promise<Response> {
  const params = WriterParamSchema.safeParse({ writerId });
  if (!params.success) return validationFailed(params.error, { root: "writerId" });
  const query = LookupQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return validationFailed(query.error, { root: "query" });
  try {
    const record = loadWriterAdaptation(deps.dataDir, query.data.version, params.data.writerId);
    return noStoreJson({ adaptation: record ? adaptationToJson(record) : null });
  } catch (error) {
    console.error("adaptations: lookup failed", error);
    return apiError(503, { error: "unavailable", message: "Personal adaptations cannot be read right now." });
  }
}

/**
 * DELETE /api/adaptations/<writerId>: deletes the adaptations retrain jobs derived for this writer
 * (every version), for the page's "Forget my handwriting". Same-site requests only. The samples
 * the writer sent with consent stay with the dataset; this removes what was made for their hand.
 */
export async function handleForgetWriterAdaptations(request: Request, writerId: string, deps: WriterAdaptationDeps): Promise<Response> {
  const crossSite = refuseCrossSite(request, deps.site);
  if (crossSite) return crossSite;
  const params = WriterParamSchema.safeParse({ writerId });
  if (!params.success) return validationFailed(params.error, { root: "writerId" });
  try {
    return noStoreJson({ deleted: deleteWriterAdaptations(deps.dataDir, params.data.writerId) });
  } catch (error) {
    console.error("adaptations: delete failed", error);
    return apiError(503, { error: "unavailable", message: "Personal adaptations cannot be deleted right now." });
  }
}
