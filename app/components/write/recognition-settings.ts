// How the page decodes lives in lib (lib/model/page-decoding.ts), because retraining selects
// versions by reading their validation samples exactly as the page does.
export { PAGE_DECODING, PAGE_PRECISION } from "@/lib/model/page-decoding";



/** How many alternatives the page offers under the transcript (the top one is the transcript). */
export const CANDIDATES_SHOWN = 4;
