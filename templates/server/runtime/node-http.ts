/**
 * What every pack's adapter does with Node's own request and response objects, in one place so
 * the packs cannot drift: the client-gone signal, and writing a RawResponse as it is.
 */
import { createHash, createHmac } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "./body.js";
import { useDigest } from "./digest.js";
import type { ResponseStream, StreamSink } from "./stream.js";
import type { RawRequest, RawResponse } from "./types.js";
import { closeAfterBoundedDrain, hasUnreadBody } from "./unread-body.js";

// On Node, ETags, fingerprints and cursors are hashed by node:crypto: the same bytes as the
// portable digest.ts (the web-standard packs' way), natively.
useDigest({
  sha256(input) {
    const hash = createHash("sha256");
    for (const part of input) hash.update(part);
    return hash.digest();
  },
  hmacSha256(key, input) {
    const hmac = createHmac("sha256", key);
    for (const part of input) hmac.update(part);
    return hmac.digest();
  },
});

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
 * writeHead Node would otherwise fall back to chunked encoding, while Fastify always sends it)
 * and, while the request's body is still arriving, `Connection: close`.
 * Throws when Node refuses the head (a header value with a line break); adapters answer that.
 */
export function writeRawResponse(res: ServerResponse, response: RawResponse): void {
  if (response.stream !== undefined) return writeStreamedResponse(res, response, response.stream);
  const { status, body } = response;
  let headers = response.headers;
  if (headers["content-length"] === undefined && status >= 200 && status !== 204 && status !== 304 && (body !== undefined || res.req.method !== "HEAD")) {
    // A copy: the response may be shared (an idempotency replay, a probe), so it is not mutated.
    headers = { ...headers, "content-length": body === undefined ? "0" : String(Buffer.byteLength(body)) };
  }
  // Answered before the body was read (401, 404, 415...): close after a bounded drain (unread-body.ts).
  if (hasUnreadBody(res.req)) {
    headers = { ...headers, connection: "close" };
    closeAfterBoundedDrain(res.req, res);
  }
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * A streamed response: the head at once (chunked, no Content-Length), then the items as the
 * stream writes them; the client going away cancels it. Throws, as above, on a refused head.
 */
function writeStreamedResponse(res: ServerResponse, response: RawResponse, stream: ResponseStream): void {
  let headers = response.headers;
  if (hasUnreadBody(res.req)) {
    headers = { ...headers, connection: "close" };
    closeAfterBoundedDrain(res.req, res);
  }
  try {
    res.writeHead(response.status, headers);
  } catch (error) {
    stream.cancel();
    throw error;
  }
  // The head goes out before the first item: the client learns the status while the handler works.
  res.flushHeaders();
  res.once("close", () => stream.cancel());
  void stream.pipe(nodeSink(res, () => stream.cancel()));
}

/**
 * A StreamSink over Node's response: its write's backpressure, `drain`, end and destroy. A
 * response something else ended (a framework that ends it when the route returns) cancels the
 * stream instead of being written to forever.
 */
export function nodeSink(res: ServerResponse, cancel: () => void): StreamSink {
  return {
    write(chunk) {
      if (res.writableEnded || res.destroyed) {
        cancel();
        return true;
      }
      return res.write(chunk);
    },
    drained: () =>
      new Promise<void>((resolve) => {
        if (res.destroyed || !res.writableNeedDrain) return resolve();
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      }),
    end: () => res.end(),
    // The socket ends after what was written went out (destroying it at once would drop what Node
    // still buffers), without the chunked body's last chunk: the client sees a broken stream.
    destroy: () => {
      const socket = res.socket;
      if (socket === null || socket.destroyed) return void res.destroy();
      socket.end(() => socket.destroy());
    },
  };
}

/**
 * A body an adapter read before the runtime asked for it (Fastify's parser does, for operations
 * without security): its bytes, or the problem reading them raised (413). The runtime then goes
 * on synchronously instead of waiting for a read.
 */
export class ReadBody {
  readonly bytes: Uint8Array | undefined;
  readonly error: unknown;

  constructor(error: unknown, bytes: Uint8Array | undefined) {
    this.error = error;
    this.bytes = bytes;
  }
}

/**
 * The RawRequest every adapter builds over Node's request and response. A class, so a request
 * costs one small object; the AbortSignal is made only when asked for. `url` is the path and
 * query as received (adapters pass Express's `originalUrl`), `pathParams` the router's decoded
 * parameters, `body` what to read the body from when it is not the request itself (Fastify's
 * parser hands on a stream, or the body it read already), `query` the query when the framework
 * parsed it with `parseQueryString`.
 */
export class NodeRawRequest implements RawRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  readonly pathParams: Record<string, string | undefined>;
  readonly query: Record<string, string | string[]> | undefined;
  readonly clientAddress: string | undefined;
  readonly #body: (AsyncIterable<Buffer | string> & { headers?: IncomingMessage["headers"] }) | ReadBody;
  readonly #res: ServerResponse;
  #signal: AbortSignal | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, url: string, pathParams: Record<string, string | undefined>, body?: AsyncIterable<Buffer | string> | ReadBody, query?: Record<string, string | string[]>) {
    this.method = req.method ?? "GET";
    this.url = url;
    this.headers = req.headers;
    this.pathParams = pathParams;
    this.query = query;
    this.clientAddress = req.socket?.remoteAddress;
    this.#body = body ?? req;
    this.#res = res;
  }

  readBody(limit: number): Uint8Array | undefined | Promise<Uint8Array | undefined> {
    const body = this.#body;
    if (!(body instanceof ReadBody)) return readBody(body, limit);
    if (body.error !== null) throw body.error;
    return body.bytes;
  }

  bodyStream(): AsyncIterable<Uint8Array | string> | undefined {
    const body = this.#body;
    return body instanceof ReadBody ? undefined : body;
  }

  get signal(): AbortSignal {
    this.#signal ??= clientGoneSignal(this.#res);
    return this.#signal;
  }

  /** Read by telemetry only (a getter: a request observed without it costs nothing). */
  get scheme(): string {
    return (this.#res.req.socket as { encrypted?: boolean } | null)?.encrypted ? "https" : "http";
  }

  get protocolVersion(): string {
    return this.#res.req.httpVersion;
  }
}
