import { randomBytes } from "node:crypto";
import http from "node:http";
import { interceptServerRequests } from "../http/intercept-server-requests";

/**
 * The TCP peer's address, carried from our own server layer to the route handlers.
 *
 * Next's route handlers get a Request, never the socket. Next itself only fills in
 * X-Forwarded-For when the request has none, so a client that sends its own X-Forwarded-For
 * chooses the address it is rate-limited under. NextRequest.ip is gone since Next 15, and
 * middleware sees no socket either. So `installPeerAddressStamp()` (called once at startup from
 * instrumentation-node.ts) wraps the 'request' event of Node's HTTP servers, in the same process
 * as Next's, and writes PEER_ADDRESS_HEADER = "<token> <socket.remoteAddress>" on every request
 * before Next sees it, overwriting whatever the client sent under that name.
 *
 * The token is random per process and never leaves it. It closes the one gap of the approach:
 * requests that arrive while the server is still starting were emitted before the stamp was
 * installed and keep a client-sent header, but a client cannot know the token, so such a header
 * is ignored (the address is "unknown").
 */
export const PEER_ADDRESS_HEADER = "x-inkwell-peer-address";

const TOKEN = Symbol.for("inkwell.peerAddressToken");
const INSTALLED = Symbol.for("inkwell.peerAddressStampInstalled");
type Store = typeof globalThis & { [TOKEN]?: string };
const store = globalThis as Store;

/** This process's token; shared through globalThis because Next bundles the instrumentation and each route separately. */
function token(): string {
  return (store[TOKEN] ??= randomBytes(16).toString("hex"));
}

/** The header value that says `address` is the peer: what the stamp writes, and what tests send. */
export function peerAddressHeaderValue(address: string): string {
  return `${token()} ${address}`;
}

/** Headers that make a test Request look as if it came from `address` through our server layer. */
export function peerAddressHeaders(address: string): Record<string, string> {
  return { [PEER_ADDRESS_HEADER]: peerAddressHeaderValue(address) };
}

/** The peer address our server layer recorded, or undefined when the header is missing or not ours. */
export function peerAddress(headers: Headers): string | undefined {
  const value = headers.get(PEER_ADDRESS_HEADER);
  const expected = store[TOKEN];
  if (!value || !expected) return undefined;
  const space = value.indexOf(" ");
  if (space < 0 || value.slice(0, space) !== expected) return undefined;
  const address = value.slice(space + 1).trim();
  return address ? address.slice(0, 64) : undefined;
}

/** Writes the stamp on one incoming request (exported for tests). */
export function stampPeerAddress(request: http.IncomingMessage): void {
  request.headers[PEER_ADDRESS_HEADER] = peerAddressHeaderValue(request.socket?.remoteAddress ?? "unknown");
}

/**
 * Makes every HTTP(S) server in this process stamp its requests. Idempotent. Only the 'request'
 * event is touched; everything else goes to the original emit unchanged.
 */
export function installPeerAddressStamp(): void {
  token();
  interceptServerRequests(INSTALLED, (request, emit) => {
    if (request instanceof http.IncomingMessage) stampPeerAddress(request);
    return emit();
  });
}
