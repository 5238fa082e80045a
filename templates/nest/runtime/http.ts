/**
 * The bridge between Node's request/response (under Nest's Express adapter) and the shared
 * server runtime: RawRequests in, RawResponses written back untouched. Mirrors the Express
 * pack's adapter, so both put the same bytes on the wire.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { NodeRawRequest, writeRawResponse } from "../server/node-http.js";
import type { RawRequest, RawResponse } from "../server/types.js";

/** What Nest's Express adapter hands us: Node's request with Express's routing fields. */
export type NestHttpRequest = IncomingMessage & { originalUrl?: string; params?: Record<string, string | undefined> };

/** The RawRequest for a request Nest routed (or failed to route). */
export function toRawRequest(req: NestHttpRequest, res: ServerResponse): RawRequest {
  // originalUrl: Express rewrites `req.url` under mounted routers; the problem's `instance` needs the original.
  return new NodeRawRequest(req, res, req.originalUrl ?? req.url ?? "/", req.params ?? {});
}

/**
 * Writes a RawResponse as it is with Node's writeHead/end, so neither Nest nor Express adds or
 * changes anything. Content-Length is filled in when the runtime left it out (0 for an empty
 * body; none on 1xx/204/304), exactly as the Express and Fastify packs do.
 */
export function send(res: ServerResponse, response: RawResponse): void {
  writeRawResponse(res, response);
}
