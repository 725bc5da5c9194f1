/**
 * The client's address as seen by the server, for rate-limit keys. Next's route handlers get no
 * socket, but Next's server sets X-Forwarded-For to the socket address when the request has none;
 * a reverse proxy appends the address it saw. The last entry is therefore the one added by the
 * nearest hop. Without a proxy a client can send its own X-Forwarded-For and pick its key, so
 * deployments facing the internet should sit behind a proxy that sets the header.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).pop();
  return last ? last.slice(0, 64) : "unknown";
}
