import { concatBytes } from "@/lib/http/concat-bytes";
/**
 * Model files through Cache Storage: the first visit downloads model.json and its weight
 * files (reporting bytes as they arrive) and stores them; later visits, offline included,
 * read them from the cache without touching the network. Versions are immutable folders
 * (/models/<version>/), so a cached file never needs revalidating; entries of other versions
 * are dropped once a new version has loaded, so the cache holds one model.
 * Runs in the recognition worker (Cache Storage and fetch exist there too).
 */

export const MODEL_CACHE_NAME = "inkwell-models-v1";

export interface LoadedModelFiles {
  modelJson: unknown;
  weightData: Uint8Array;
  /** True when every file came from Cache Storage. */
  fromCache: boolean;
}

export class ModelFetchError extends Error {
  constructor(
    message: string,
    readonly failure: "network" | "invalid",
  ) {
    super(message);
    this.name = "ModelFetchError";
  }
}

type Progress = (loadedBytes: number, totalBytes: number, fromCache: boolean) => void;

interface WeightsManifestGroup {
  paths: string[];
  weights: { shape: number[]; dtype?: string; quantization?: { dtype?: string } }[];
}

/**
 * Bytes the manifest says its weights take: float16 = 2 per value, Inkwell's int8 = 1 per value
 * plus a float32 scale per output column (lib/model/format.ts Int8Quantization), otherwise 4.
 */
export function expectedWeightBytes(groups: readonly WeightsManifestGroup[]): number {
  let total = 0;
  for (const g of groups)
    for (const w of g.weights ?? []) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const q = w.quantization?.dtype;
      total += q === "int8" ? n + 4 * (w.shape[1] ?? 0) : n * (q === "float16" ? 2 : 4);
    }
  return total;
}

async function openCache(): Promise<Cache | undefined> {
  try {
    return typeof caches === "undefined" ? undefined : await caches.open(MODEL_CACHE_NAME);
  } catch {
    return undefined; // private modes may refuse storage: load from the network every time
  }
}

async function fetchOk(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new ModelFetchError(`could not download ${url}: ${(e as Error).message}`, "network");
  }
  if (!res.ok) throw new ModelFetchError(`could not download ${url}: HTTP ${res.status}`, "network");
  return res;
}

/** Reads a response body chunk by chunk, reporting each chunk's size. */
async function readWithProgress(res: Response, onChunk: (bytes: number) => void): Promise<Uint8Array> {
  if (!res.body) {
    const whole = new Uint8Array(await res.arrayBuffer());
    onChunk(whole.length);
    return whole;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    onChunk(value.length);
  }
  return concatBytes(chunks);
}

async function store(cache: Cache | undefined, url: string, body: Uint8Array, contentType: string): Promise<void> {
  try {
    await cache?.put(url, new Response(body as BufferSource, { headers: { "Content-Type": contentType, "Content-Length": String(body.length) } }));
  } catch {
    // Quota exceeded or storage disabled: the model still works, it just downloads next time.
  }
}

async function pruneOtherVersions(cache: Cache | undefined, keep: readonly string[]): Promise<void> {
  if (!cache) return;
  try {
    for (const req of await cache.keys()) if (!keep.includes(req.url)) await cache.delete(req);
  } catch {
    // Pruning is housekeeping; never fail a load over it.
  }
}

/**
 * `file` (model.json, or model.int8.json for the int8 form) and its weights under `baseUrl`
 * (absolute or relative to the worker's origin).
 */
export async function loadModelFiles(baseUrl: string, onProgress: Progress, file = "model.json"): Promise<LoadedModelFiles> {
  const base = new URL(baseUrl.replace(/\/+$/, "") + "/", self.location.href);
  const cache = await openCache();
  const modelUrl = new URL(file, base).href;

  let fromCache = true;
  let modelText: string;
  const cachedModel = await cache?.match(modelUrl);
  if (cachedModel) modelText = await cachedModel.text();
  else {
    fromCache = false;
    modelText = await (await fetchOk(modelUrl)).text();
  }
  let modelJson: { weightsManifest?: WeightsManifestGroup[] };
  try {
    modelJson = JSON.parse(modelText);
  } catch {
    throw new ModelFetchError(`${modelUrl} is not valid JSON`, "invalid");
  }
  const groups = modelJson.weightsManifest ?? [];
  const paths = groups.flatMap((g) => g.paths ?? []);
  if (paths.length === 0) throw new ModelFetchError(`${modelUrl} lists no weight files`, "invalid");
  const totalBytes = expectedWeightBytes(groups);

  const urls = paths.map((p) => new URL(p, base).href);
  let loaded = 0;
  const parts: Uint8Array[] = [];
  for (const url of urls) {
    const cached = await cache?.match(url);
    const fromNetwork = !cached;
    if (fromNetwork) fromCache = false;
    const res = cached ?? (await fetchOk(url));
    parts.push(
      await readWithProgress(res, (n) => {
        loaded += n;
        onProgress(loaded, Math.max(totalBytes, loaded), !fromNetwork);
      }),
    );
  }
  const weightData = concatBytes(parts);
  if (loaded !== totalBytes) throw new ModelFetchError(`the weights are ${loaded} bytes, the manifest describes ${totalBytes}`, "invalid");

  if (!fromCache) {
    // Stored only after the whole model arrived intact, so a broken download is never cached.
    await store(cache, modelUrl, new TextEncoder().encode(modelText), "application/json");
    for (let i = 0; i < urls.length; i++) await store(cache, urls[i], parts[i], "application/octet-stream");
  }
  await pruneOtherVersions(cache, [modelUrl, ...urls]);
  return { modelJson, weightData, fromCache };
}

/** Drops every cached model file (after a cached model turned out unusable). */
export async function forgetCachedModels(): Promise<void> {
  try {
    if (typeof caches !== "undefined") await caches.delete(MODEL_CACHE_NAME);
  } catch {
    // nothing cached, or storage disabled
  }
}
