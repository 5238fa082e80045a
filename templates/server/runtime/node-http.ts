/**
 * What every pack's adapter does with Node's own request and response objects, in one place so
 * the packs cannot drift: the client-gone signal, and writing a RawResponse as it is.
 */
import type { ServerResponse } from "node:http";
import type { RawResponse } from "./types.js";

/**
 * An AbortSignal aborted when the client goes away: the response closes before it was fully
 * written. One per request (a per-connection signal would collect the abort listeners handlers
 * add over a whole keep-alive connection); adapters make it only when a handler asks.
 */
export function clientGoneSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (res.destroyed) controller.abort();
  else res.once("close", () => res.writableFinished || controller.abort());
  return controller.signal;
}

/**
 * Writes a RawResponse with Node's writeHead/end, adding only Content-Length (after an explicit
 * writeHead Node would otherwise fall back to chunked encoding, while Fastify always sends it).
 * Throws when Node refuses the head (a header value with a line break); adapters answer that.
 */
export function writeRawResponse(res: ServerResponse, response: RawResponse): void {
  const { status, body } = response;
  let headers = response.headers;
  if (headers["content-length"] === undefined && status >= 200 && status !== 204 && status !== 304 && (body !== undefined || res.req.method !== "HEAD")) {
    // A copy: the response may be shared (an idempotency replay, a probe), so it is not mutated.
    headers = { ...headers, "content-length": body === undefined ? "0" : String(Buffer.byteLength(body)) };
  }
  res.writeHead(status, headers);
  res.end(body);
}
