import { DEFAULT_WORD_LM_WEIGHT, WORD_LM_CHAR_LM_WEIGHT, WORD_LM_INSERTION_BONUS, type RecognizeOptions } from "@/lib/model/recognizer";

/**
 * How the Write page decodes: prefix beam search weighted by the shipped character LM and the
 * word LM (issue 13), with the weights tuned for the two together (lib/model/recognizer.ts).
 * One place, because `npm run eval -- --decoder beam`, the e2e reference recognizer and the
 * fixture selection (scripts/select-e2e-fixtures.ts) must decode exactly as the page does.
 * The LMs themselves are passed in by the caller: the worker imports lm-en.json and
 * word-lm-en.json, Node tools load the same files (lib/ctc/shipped-language-models-node.ts).
 */
export const PAGE_DECODING = {
  decoder: "beam",
  beamWidth: 16,
  nBest: 5,
  lmWeight: WORD_LM_CHAR_LM_WEIGHT,
  insertionBonus: WORD_LM_INSERTION_BONUS,
  wordLmWeight: DEFAULT_WORD_LM_WEIGHT,
} as const satisfies RecognizeOptions;

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
