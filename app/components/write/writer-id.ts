/** localStorage key of this browser's anonymous writer id (shared with the Contribute page). */
export const WRITER_ID_KEY = "inkwell.writerId";

/**
 * An anonymous, random id for this browser, so samples from one writer can be grouped (the
 * training split keeps writers apart) without knowing who they are. Created on first use.
 * Where storage is blocked, a fresh id per page load is the honest fallback.
 */
export function anonymousWriterId(): string {
  try {
    const existing = localStorage.getItem(WRITER_ID_KEY);
    if (existing && /^[A-Za-z0-9-]{8,64}$/.test(existing)) return existing;
    const id = crypto.randomUUID();
    localStorage.setItem(WRITER_ID_KEY, id);
    return id;
  } catch {
    return crypto.randomUUID();
  }
}

/**
 * A new anonymous id for this browser ("Forget my handwriting"): what the server holds under the
 * old one is no longer this writer's, so no later retrain makes an adaptation this page would fetch.
 */
export function newAnonymousWriterId(): string {
  const id = crypto.randomUUID();
  try {
    localStorage.setItem(WRITER_ID_KEY, id);
  } catch {
    // storage blocked: ids are per page load anyway
  }
  return id;
}
