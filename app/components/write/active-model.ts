/** Where the page finds its model: /api/models/active, or the last answer when offline. */
export interface ActiveModelInfo {
  version: string;
  url: string;
}

const LAST_MODEL_KEY = "inkwell.lastModel";

/**
 * Asks the server which version to load. When the server cannot be reached (offline, or it is
 * down) the version loaded last time is used: its files are in Cache Storage, so the page still
 * starts at once. Throws only when there is neither.
 */
export async function fetchActiveModel(signal?: AbortSignal): Promise<ActiveModelInfo & { offline: boolean }> {
  let problem: string;
  try {
    const res = await fetch("/api/models/active", { cache: "no-store", signal });
    const body = (await res.json().catch(() => ({}))) as Partial<ActiveModelInfo> & { error?: string };
    if (res.ok && typeof body.version === "string" && typeof body.url === "string") {
      try {
        localStorage.setItem(LAST_MODEL_KEY, JSON.stringify({ version: body.version, url: body.url }));
      } catch {
        // storage blocked: offline start just will not work
      }
      return { version: body.version, url: body.url, offline: false };
    }
    problem = body.error ?? `the server answered HTTP ${res.status}`;
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    problem = "the server could not be reached";
  }
  try {
    const last = JSON.parse(localStorage.getItem(LAST_MODEL_KEY) ?? "null") as ActiveModelInfo | null;
    if (last && typeof last.version === "string" && typeof last.url === "string") return { ...last, offline: true };
  } catch {
    // fall through
  }
  throw new Error(problem);
}
