/**
 * The Fastify adapter: turns Fastify requests into RawRequests for the shared server runtime
 * (../server/) and writes its RawResponses back untouched. All HTTP behaviour (validation,
 * security, problems, 404/405) lives in the shared runtime, so the Express, Fastify and Nest
 * servers answer byte for byte alike; this file only bridges. Copied verbatim by apigen.
 */
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions, fastify } from "fastify";
import { allowedMethods, type Handler, type Lifecycle, probes, runsSecurity, type ServerRuntime } from "../server/index.js";
import { essenceOf, matchDeclaredMediaType, readBodyThen } from "../server/body.js";
import { NodeRawRequest, ReadBody, writeRawResponse } from "../server/node-http.js";
import { closeAfterBoundedDrain, hasUnreadBody } from "../server/unread-body.js";
import { isParsedQuery, parseQueryString } from "../server/query.js";
import type { HandlerResponse, OperationContract, RawRequest, RawResponse } from "../server/types.js";
import type { PathPattern } from "../server/routes.js";

/**
 * Any operation's handler. Its request parameter is typed per operation (Handlers in
 * server/contract.gen.ts); the runtime gives it exactly that request, validated.
 */
export type RouteHandler = (request: never) => HandlerResponse | Promise<HandlerResponse>;

/** Fastify's route handler shape, without its generics (the adapter never uses typed routes). */
export type FastifyRouteHandler = (request: FastifyRequest, reply: FastifyReply) => void;

/** Route parameters are never longer than a URL, and Fastify's default (100) would turn long ids into 404s. */
const MAX_PARAM_LENGTH = 65_536;


/** The RawRequest for a Fastify request: the URL as received, Fastify's decoded route params. */
export function toRawRequest(request: FastifyRequest, reply: FastifyReply): RawRequest {
  const req = request.raw;
  // Params are null on requests Fastify rejects before routing (frameworkErrors); the body is
  // what our parser passed on, the stream or the body it read (bodyless methods: the request).
  const body = request.body as AsyncIterable<Buffer> | ReadBody | undefined;
  const url = req.url ?? "/";
  // The query Fastify parsed with the runtime's own parser (createApp installs it) is the one the
  // runtime would parse, unless a `#` made the router cut the query string elsewhere.
  const query = isParsedQuery(request.query) && url.indexOf("#") === -1 ? request.query : undefined;
  return new NodeRawRequest(req, reply.raw, url, (request.params as Record<string, string | undefined> | null) ?? {}, body, query);
}

function hasEmptyParam(params: Record<string, string>, keys: string[]): boolean {
  for (const key of keys) if (params[key] === "") return true;
  return false;
}

/** Whether the path as received (still percent-encoded) matches the spec's template; only tested when it holds a `%`. */
function matchesEncoded(url: string, pattern: PathPattern | undefined): boolean {
  const percent = url.indexOf("%");
  if (percent === -1 || pattern === undefined) return true;
  const mark = url.indexOf("?");
  if (mark !== -1 && mark < percent) return true;
  return pattern.test(mark === -1 ? url : url.slice(0, mark));
}

/** A string payload passed through as it is: Fastify would otherwise add `; charset=utf-8` to JSON content types. */
const asIs = (payload: unknown) => payload as string;

/**
 * Writes a RawResponse as it is: status, the runtime's headers and body. Fastify adds only
 * Content-Length (as Node would), so the bytes match the Express and Nest packs.
 */
export function send(reply: FastifyReply, response: RawResponse): void {
  // A stream is written on Node's response by the same code as in the other Node packs.
  if (response.stream !== undefined) {
    // Taken from Fastify only once Node took the head: a refused head still gets Fastify's error path.
    writeRawResponse(reply.raw, response);
    return void reply.hijack();
  }
  reply.code(response.status).headers(response.headers);
  // Answered before the body was read (401, 404, 415...): close after a bounded drain (unread-body.ts).
  if (hasUnreadBody(reply.raw.req)) {
    reply.header("connection", "close");
    closeAfterBoundedDrain(reply.raw.req, reply.raw);
  }
  if (typeof response.body === "string") reply.serializer(asIs);
  reply.send(response.body);
}

/** Writes the runtime's response, or the error Node raised writing it (a header value with a line break). */
function sendOrFail(reply: FastifyReply, response: RawResponse): void {
  try {
    send(reply, response);
  } catch (error) {
    // Node refused the head: drop what was set, answer the error.
    for (const name in response.headers) reply.removeHeader(name);
    reply.send(error);
  }
}

/**
 * Route config of operations without security: their bodies are read by the content-type
 * parser, before the handler runs, so the runtime answers them without waiting. Secured
 * operations get the body stream instead and read it after authentication.
 */
const READS_BODY_EARLY = "apigenReadsBodyEarly";

/** What `route` gives a Fastify route definition: the handler, and whether Fastify may answer HEAD with it. */
export interface RouteParts {
  handler: FastifyRouteHandler;
  /** Off for a GET whose path also declares HEAD: that operation answers HEAD (Fastify would refuse the duplicate). */
  exposeHeadRoute: boolean;
  /** Read by our content-type parser (see READS_BODY_EARLY): the declared media types, or false. */
  config: Record<string, readonly string[] | false>;
}

/**
 * The handler of one operation, spread into `app.route({ method, url, ...route(...) })`. It
 * returns nothing and answers through `reply`, the cheapest path in Fastify.
 */
export function route<P>(runtime: ServerRuntime<P>, contract: OperationContract, handler: RouteHandler): RouteParts {
  const keys = Object.keys(contract.pathParams);
  const entry = runtime.routes.find((candidate) => candidate.path === contract.path);
  const pattern = entry?.pattern;
  const exposeHeadRoute = !entry?.methods.includes("HEAD");
  const apigenRoute = (request: FastifyRequest, reply: FastifyReply): void => {
    // find-my-way is laxer than the spec and Express in two ways: a parameter may match an empty
    // segment (`/items/` on `/items/:id`), and it decodes the path before matching (`/it%65ms`
    // finds `/items`). Such requests are ones no operation takes.
    if ((keys.length !== 0 && hasEmptyParam(request.params as Record<string, string>, keys)) || !matchesEncoded(request.raw.url ?? "", pattern)) {
      send(reply, runtime.unmatched(toRawRequest(request, reply)));
      return;
    }
    const response = runtime.handle(contract, handler as Handler<P>, toRawRequest(request, reply));
    if (response instanceof Promise) response.then((ready) => sendOrFail(reply, ready));
    else sendOrFail(reply, response);
  };
  const readsBodyEarly = contract.body !== undefined && !runsSecurity(contract) ? contract.body.contentTypes : false;
  return { handler: apigenRoute, exposeHeadRoute, config: { [READS_BODY_EARLY]: readsBodyEarly } };
}

/** Node's own answers to requests it cannot parse (what the Express and Nest servers send). */
const CLIENT_ERROR_RESPONSES: Record<string, string> = {
  HPE_HEADER_OVERFLOW: "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n",
  HPE_CHUNK_EXTENSIONS_OVERFLOW: "HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n",
  ERR_HTTP_REQUEST_TIMEOUT: "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n",
};

/** Malformed HTTP gets Node's default answer, as in the other packs, rather than Fastify's JSON one. */
function nodeClientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  if (socket.writable && socket.bytesWritten === 0) socket.write(CLIENT_ERROR_RESPONSES[error.code ?? ""] ?? "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  socket.destroy(error);
}

/**
 * A Fastify instance set up for the shared runtime. `options` are Fastify's own (logger off by
 * default); the adapter keeps `frameworkErrors` (Fastify's URL errors become problems), raises
 * `maxParamLength` and parses queries with the runtime's parser (`request.query` in routes of your
 * own too), unless the caller set those.
 *
 * Bodies: every content-type parser is replaced by one of ours. For secured operations it passes
 * the raw stream on untouched, so the runtime reads the body itself, after authentication; for
 * the others it reads the body (within the runtime's limit) and the runtime goes on from there.
 * Unknown routes (including a known path with the wrong method, which Fastify treats as not
 * found) get the runtime's 404/405; errors get its problems.
 */
export function createApp<P>(runtime: ServerRuntime<P>, options: FastifyServerOptions = {}): FastifyInstance {
  const app = fastify({
    logger: false,
    // While app.close() runs, requests are served (and drained) rather than refused with Fastify's own non-problem 503.
    return503OnClosing: false,
    clientErrorHandler: nodeClientErrorHandler,
    ...options,
    // The runtime's query parser, so each query is parsed once and as in the other packs; not when
    // the caller brings one, or splits queries at `;` (the runtime would not).
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH, ...(ownQueryParser(options) ? { querystringParser: parseQueryString } : {}), ...options.routerOptions },
    frameworkErrors: (error, request, reply) => send(reply, runtime.errorResponse(error, toRawRequest(request, reply))),
  });
  // Methods Fastify does not route by default (3.2 additionalOperations: PURGE, LINK...), with a body allowed.
  for (const method of new Set(runtime.contracts.map((contract) => contract.method))) if (!app.supportedMethods.includes(method)) app.addHttpMethod(method, { hasBody: true });
  app.removeAllContentTypeParsers();
  const parser = (request: FastifyRequest, payload: IncomingMessage, done: (error: null, body: unknown) => void) => {
    // Fastify types route config by declaration merging; ours is a key of its own.
    const types = (request.routeOptions.config as unknown as Record<string, unknown>)[READS_BODY_EARLY];
    // A body the operation does not take (a 415) is not read either: the runtime answers it unread.
    if (!Array.isArray(types) || matchDeclaredMediaType(types, request.headers["content-type"] ?? "application/octet-stream") === undefined) return done(null, payload);
    // Read within the runtime's limit; a 413 is kept for the runtime to answer in its order.
    readBodyThen(payload, runtime.bodyLimit, (error, bytes) => done(null, new ReadBody(error, bytes)));
  };
  app.addContentTypeParser("*", parser);
  // Multipart bodies are parsed by the runtime while they stream in (server/multipart.ts): the stream goes on unread.
  app.addContentTypeParser("multipart/form-data", (_request: FastifyRequest, payload: IncomingMessage, done: (error: null, body: unknown) => void) => done(null, payload));
  // The same parser under each declared media type too: Fastify caches the lookup of a named
  // type, while the catch-all alone makes it parse the Content-Type header on every request.
  for (const type of declaredMediaTypes(runtime.contracts)) if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, parser);
  app.setNotFoundHandler((request, reply) => send(reply, runtime.unmatched(toRawRequest(request, reply))));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    // Errors on the not-found route can only be Fastify's checks of a request no operation
    // takes (a malformed Content-Type, QUERY without one): it is still a 404 or 405.
    if (request.is404) return send(reply, runtime.unmatched(toRawRequest(request, reply)));
    // Fastify rejects a malformed or missing Content-Type before the route's handler runs. The
    // runtime decides instead, after authentication and only when the operation takes a body.
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || error.code === "FST_ERR_ROUTE_MISSING_CONTENT_TYPE") return (request.routeOptions.handler as FastifyRouteHandler)(request, reply);
    send(reply, runtime.errorResponse(error, toRawRequest(request, reply)));
  });
  return app;
}

/** Whether the caller left query parsing to Fastify's defaults (which the adapter then replaces). */
function ownQueryParser(options: FastifyServerOptions): boolean {
  // find-my-way takes `useSemicolonDelimiter` in routerOptions too, though Fastify's type omits it there.
  const routerOptions = options.routerOptions as (FastifyServerOptions["routerOptions"] & { useSemicolonDelimiter?: boolean }) | undefined;
  return options.querystringParser === undefined && routerOptions?.querystringParser === undefined && !options.useSemicolonDelimiter && !routerOptions?.useSemicolonDelimiter;
}

/** A `type/subtype` of token characters and no wildcard: what Fastify takes as a parser's type. */
const CONCRETE_MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/** The concrete request media types the operations declare, as the runtime matches them (essences), each once. */
function declaredMediaTypes(contracts: readonly OperationContract[]): Set<string> {
  const types = new Set<string>();
  for (const contract of contracts)
    for (const type of contract.body?.contentTypes ?? []) {
      const essence = essenceOf(type);
      if (CONCRETE_MEDIA_TYPE.test(essence)) types.add(essence);
    }
  return types;
}

/** Answers `/livez` and `/readyz` (GET, and HEAD through Fastify) from the lifecycle, unless the spec declares those paths. */
export function addProbes<P>(app: FastifyInstance, lifecycle: Lifecycle, runtime: ServerRuntime<P>): void {
  // A spec GET operation that takes the probe's path (`/livez`, or `/{slug}`) answers it, as in
  // Express and Nest, where the spec's routes are tried first: Fastify would prefer the literal.
  const declared = (path: string) => allowedMethods(runtime.routes, path)?.includes("GET") === true;
  if (!declared("/livez")) app.get("/livez", (request, reply) => send(reply, probes.livez(request.raw.headers)));
  if (!declared("/readyz")) app.get("/readyz", (request, reply) => send(reply, probes.readyz(lifecycle, request.raw.headers, "/readyz")));
}
