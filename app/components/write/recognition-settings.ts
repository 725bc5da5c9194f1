// How the page decodes lives in lib (lib/model/page-decoding.ts), because retraining selects
// versions by reading their validation samples exactly as the page does.
export { PAGE_DECODING } from "@/lib/model/page-decoding";

/**
 * The network's arithmetic on the Write page: int8 (lib/model/quantize.ts), loading the version's
 * int8 form (model.int8.json, half the float16 download) or quantising the float one on load.
 * With this page's decoder (beam + LM) int8 meets issue 16's bar on the 7,598 validation words:
 * CER 7.24% vs 7.27% float, and the same top reading on 99.14% of them (greedy decoding: 98.58%).
 * `?precision=float|int8` and `?threads=1` on the page's URL override it, for benchmarks.
 */
export const PAGE_PRECISION: "float" | "int8" = "int8";

/** How many alternatives the page offers under the transcript (the top one is the transcript). */
export const CANDIDATES_SHOWN = 4;
