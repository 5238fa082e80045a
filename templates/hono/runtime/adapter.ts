/**
 * The Hono adapter: Hono routes each request to its operation, and apigen's shared runtime
 * (../server/) does everything HTTP, so this server answers like the Express, Fastify and Nest
 * packs. Web standards only (Request, Response, Uint8Array, ReadableStream): the same app runs on
 * Node (through @hono/node-server, see ./node.ts), Bun, Deno and Cloudflare Workers.
 *
 * Hono is the dispatcher, the spec's template the judge:
 * - routing sees the path as received, percent-encoded (the app's `getPath`), as the Node packs'
 *   routers do; Hono's own would decode it first;
 * - a route's Hono path has a plain `:name` wherever a segment is not simple literal text
 *   (hooks.ts), so spec text never becomes Hono syntax; the handler then matches the exact
 *   template (../server/routes.ts) and passes the request on (`next()`) when it does not fit;
 * - parameters are decoded here with decodeURIComponent, so a bad encoding is the runtime's 400
 *   (Hono's decoding would keep it as it came);
 * - Hono answers HEAD with the GET routes; an operation the spec declares on HEAD is registered
 *   first, on GET, and answers only HEAD requests, so it wins over every GET route, as in the
 *   other packs.
 */
import { Hono, type Context, type Next } from "hono";
import { readBody } from "../server/body.js";
import { utf8Bytes } from "../server/bytes.js";
import { type Handler, type Lifecycle, probes, type ResponseStream, type ServerRuntime } from "../server/index.js";
import { type PathPattern, type Route, templatePattern } from "../server/routes.js";
import type { RawRequest, RawResponse } from "../server/types.js";

// Route, RouteHandler and route() are the shared runtime's, which every router of a pack takes.
export { route, type Route, type RouteHandler } from "../server/routes.js";

/** The Hono app: routes (declared HEAD operations first), then the probes, then the runtime's 404/405 and 500. */
export function createApp<P>(runtime: ServerRuntime<P>, routes: readonly Route[], lifecycle?: Lifecycle): Hono {
  const app = new Hono({ getPath: (request) => pathnameOf(targetOf(request.url)) });
  const ordered = [...routes.filter((r) => r.contract.method === "HEAD"), ...routes.filter((r) => r.contract.method !== "HEAD")];
  for (const route of ordered) {
    const method = route.contract.method === "HEAD" ? "GET" : route.contract.method;
    app.on(method, route.path, operationHandler(runtime, route));
  }
  if (lifecycle) {
    app.get("/livez", (c) => toResponse(probes.livez(headersOf(c.req.raw)), c.req.raw.method));
    app.get("/readyz", (c) => toResponse(probes.readyz(lifecycle, headersOf(c.req.raw), "/readyz"), c.req.raw.method));
  }
  app.notFound((c) => toResponse(runtime.unmatched(new WebRawRequest(c.req.raw, {})), c.req.raw.method));
  app.onError((error, c) => toResponse(runtime.errorResponse(error, new WebRawRequest(c.req.raw, {})), c.req.raw.method));
  return app;
}

function operationHandler<P>(runtime: ServerRuntime<P>, { contract, handler }: Route) {
  const pattern: PathPattern = templatePattern(contract.path);
  const keys = Object.entries(contract.pathParams);
  return async (c: Context, next: Next): Promise<Response | void> => {
    const request = c.req.raw;
    if (contract.method === "HEAD" && request.method !== "HEAD") return next();
    const found = pattern.match(pathnameOf(targetOf(request.url)));
    if (!found) return next();
    const params: Record<string, string> = {};
    try {
      for (const [key, name] of keys) params[key] = decodeURIComponent(found[name]!);
    } catch (error) {
      return toResponse(runtime.errorResponse(error, new WebRawRequest(request, {})), request.method);
    }
    const raw = new WebRawRequest(request, params, nodeClientAddress(c));
    const response = await runtime.handle(contract, handler as Handler<P>, raw);
    return toResponse(response, request.method, () => runtime.errorResponse(new Error("invalid response head"), raw));
  };
}

/**
 * A RawResponse as a web Response, with Content-Length as the Node packs send it. Bytes, not a
 * string: a string body would get a `text/plain` Content-Type the runtime did not choose. When
 * the head could not be written (a header value with a line break), the fallback's answer is sent.
 */
export function toResponse(response: RawResponse, method: string, fallback?: () => RawResponse): Response {
  if (response.stream !== undefined) return streamedResponse(response, response.stream, method, fallback);
  const { status, body } = response;
  const bytes = typeof body === "string" ? utf8Bytes(body) : body;
  let headers = response.headers;
  if (headers["content-length"] === undefined && status >= 200 && status !== 204 && status !== 304 && (bytes !== undefined || method !== "HEAD")) {
    headers = { ...headers, "content-length": String(bytes?.length ?? 0) };
  }
  if (!isWritableHead(headers)) {
    if (!fallback) throw new TypeError("invalid response head");
    return toResponse(fallback(), method);
  }
  // A 204 or 304 carries no body, and Response refuses one even when empty.
  return new Response(status === 204 || status === 304 ? null : (bytes as ConstructorParameters<typeof Response>[0]), { status, headers });
}

/** A streamed response: the head now, a byte stream the runtime's ResponseStream fills as it is read. */
function streamedResponse(response: RawResponse, stream: ResponseStream, method: string, fallback?: () => RawResponse): Response {
  if (!isWritableHead(response.headers)) {
    stream.cancel();
    if (!fallback) throw new TypeError("invalid response head");
    return toResponse(fallback(), method);
  }
  return new Response(streamedBody(stream), { status: response.status, headers: response.headers });
}

/** Bytes buffered ahead of the reader before the stream waits (backpressure), as Node's default. */
const STREAM_HIGH_WATER_MARK = 16 * 1024;

/**
 * The ReadableStream the stream writes into: `write` reports false once the reader is
 * STREAM_HIGH_WATER_MARK bytes behind, and `drained` waits for its next pull; the reader's cancel
 * (the client went away) cancels the stream.
 */
function streamedBody(stream: ResponseStream): ReadableStream<Uint8Array> {
  let wake: (() => void) | undefined;
  const resume = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  let open = true;
  /** Set once the stream failed: the reader gets what was queued, then the error. */
  let failing = false;
  // A turn later: a server that writes the last chunk corked (Node's, under @hono/node-server)
  // sends it before the error makes it drop the connection.
  const failed = (controller: ReadableStreamDefaultController<Uint8Array>) => setTimeout(() => controller.error(new Error("apigen: the response stream was cut after an item failed (the server's error log says why).")), 0);
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        void stream.pipe({
          write(chunk) {
            if (!open) return true;
            controller.enqueue(utf8Bytes(chunk));
            return (controller.desiredSize ?? 0) > 0;
          },
          drained: () => (open ? new Promise<void>((resolve) => (wake = resolve)) : Promise.resolve()),
          end() {
            if (open) controller.close();
            open = false;
            resume();
          },
          destroy() {
            if (open && controller.desiredSize === STREAM_HIGH_WATER_MARK) failed(controller);
            else if (open) failing = true;
            open = false;
            resume();
          },
        });
      },
      pull(controller) {
        if (failing && controller.desiredSize === STREAM_HIGH_WATER_MARK) failed(controller);
        resume();
      },
      cancel() {
        open = false;
        stream.cancel();
        resume();
      },
    },
    { highWaterMark: STREAM_HIGH_WATER_MARK, size: (chunk?: Uint8Array) => chunk?.byteLength ?? 0 },
  );
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: what a header value may not hold is the point
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Whether Node would write these headers: names are tokens, values have no control characters
 * (CR LF above all: a split header). Checked here because runtimes differ (Fetch's Headers only
 * refuses CR, LF and NUL, and @hono/node-server checks only when it writes), so every runtime
 * answers a bad head as the Node packs do.
 */
function isWritableHead(headers: Record<string, string>): boolean {
  for (const name in headers) if (!TOKEN.test(name) || !FIELD_VALUE.test(headers[name]!)) return false;
  return true;
}

/** The request target as received: path and query (a Request's URL is absolute). */
function targetOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start === -1 ? "/" : url.slice(start);
}

function pathnameOf(target: string): string {
  const mark = target.search(/[?#]/);
  return mark === -1 ? target : target.slice(0, mark);
}

/** A Request's headers as the runtime reads them: lower-case names, one string each. */
function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

/**
 * The peer's address on Node: @hono/node-server passes Node's request as `env.incoming`. Other
 * runtimes hand it over in their own ways (Deno's `info.remoteAddr`, Bun's `server.requestIP`);
 * there, `rateLimit.key` or `trustProxy` names the caller.
 */
function nodeClientAddress(c: Context): string | undefined {
  const address = (c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined)?.incoming?.socket?.remoteAddress;
  return typeof address === "string" ? address : undefined;
}

/** The RawRequest over a web Request: the body is read through its stream, within the limit. */
export class WebRawRequest implements RawRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly pathParams: Record<string, string | undefined>;
  readonly signal: AbortSignal;
  readonly clientAddress: string | undefined;
  readonly #request: Request;

  constructor(request: Request, pathParams: Record<string, string | undefined>, clientAddress?: string) {
    this.method = request.method;
    this.url = targetOf(request.url);
    this.headers = headersOf(request);
    this.pathParams = pathParams;
    this.signal = request.signal;
    this.clientAddress = clientAddress;
    this.#request = request;
  }

  /** Read by telemetry only. */
  get scheme(): string {
    return this.#request.url.startsWith("https:") ? "https" : "http";
  }

  readBody(limit: number): Promise<Uint8Array | undefined> {
    const stream = this.#request.body;
    if (!stream) return Promise.resolve(undefined);
    return readBody(Object.assign(chunksOf(stream), { headers: this.headers }), limit);
  }
}

/** A ReadableStream's chunks as an async iterable (not every runtime's types say a stream is one). */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
