/**
 * The bridge between Node's request/response (under Nest's Express adapter) and the shared
 * server runtime: RawRequests in, RawResponses written back untouched. Mirrors the Express
 * pack's adapter, so both put the same bytes on the wire.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "../server/index.js";
import { clientGoneSignal, writeRawResponse } from "../server/node-http.js";
import type { RawRequest, RawResponse } from "../server/types.js";

/** What Nest's Express adapter hands us: Node's request with Express's routing fields. */
export type NestHttpRequest = IncomingMessage & { originalUrl?: string; params?: Record<string, string | undefined> };

/**
 * A RawRequest over Node's request. A class, so a request costs one small object; the
 * AbortSignal is only made when the runtime asks for it.
 */
class NestRawRequest implements RawRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage["headers"];
  private abortSignal: AbortSignal | undefined;

  constructor(
    private readonly req: NestHttpRequest,
    private readonly res: ServerResponse,
  ) {
    this.method = req.method ?? "GET";
    // originalUrl: Express rewrites `req.url` under mounted routers; the problem's `instance` needs the original.
    this.url = req.originalUrl ?? req.url ?? "/";
    this.headers = req.headers;
  }

  /** Read when the runtime validates, by which time Express has matched the route and set `params`. */
  get pathParams(): Record<string, string | undefined> {
    return this.req.params ?? {};
  }

  readBody(limit: number): Promise<Buffer | undefined> {
    return readBody(this.req, limit);
  }

  /** Aborted when the connection closes before the response was fully written. */
  get signal(): AbortSignal {
    this.abortSignal ??= clientGoneSignal(this.res);
    return this.abortSignal;
  }
}

/** The RawRequest for a request Nest routed (or failed to route). */
export function toRawRequest(req: NestHttpRequest, res: ServerResponse): RawRequest {
  return new NestRawRequest(req, res);
}

/**
 * Writes a RawResponse as it is with Node's writeHead/end, so neither Nest nor Express adds or
 * changes anything. Content-Length is filled in when the runtime left it out (0 for an empty
 * body; none on 1xx/204/304), exactly as the Express and Fastify packs do.
 */
export function send(res: ServerResponse, response: RawResponse): void {
  writeRawResponse(res, response);
}
