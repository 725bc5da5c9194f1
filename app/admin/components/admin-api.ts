/** Browser-side calls to the admin API: JSON in, JSON out, and the server's message on failure. */
export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** The answer's machine-readable error code (e.g. "base_regression"), when it had one. */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

export async function adminFetch<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (res.status === 401) sendToSignIn();
  if (!res.ok) throw adminApiError(res.status, body);
  return body as T;
}

/** The session is gone: sign in again and come back here. */
export function sendToSignIn(): void {
  window.location.href = `/admin/login?next=${encodeURIComponent(window.location.pathname)}`;
}

/** A failed answer as an error carrying the server's message and code (every API error body has them). */
export function adminApiError(status: number, body: unknown): AdminApiError {
  const b = body as { message?: string; error?: string } | null;
  return new AdminApiError(b?.message ?? `HTTP ${status}`, status, typeof b?.error === "string" ? b.error : null);
}

export const percent = (x: number | null | undefined, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : `${(100 * x).toFixed(digits)}%`);

export function duration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return "–";
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
