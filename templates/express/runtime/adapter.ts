/**
 * The Express adapter: turns Express requests into RawRequests for the shared server runtime
 * (../server/) and writes its RawResponses back untouched. All HTTP behaviour (validation,
 * security, problems, 404/405) lives in the shared runtime, so the Express, Fastify and Nest
 * servers answer byte for byte alike; this file only bridges. Copied verbatim by apigen.
 */
import type { ServerResponse } from "node:http";
import express, { type ErrorRequestHandler, type Express, type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { type Handler, type Lifecycle, probes, type ServerRuntime } from "../server/index.js";
import { NodeRawRequest, writeRawResponse } from "../server/node-http.js";
import type { HandlerResponse, OperationContract, RawRequest, RawResponse } from "../server/types.js";

/**
 * Any operation's handler. Its request parameter is typed per operation (Handlers in
 * server/contract.gen.ts); the runtime gives it exactly that request, validated.
 */
export type RouteHandler = (request: never) => HandlerResponse | Promise<HandlerResponse>;


/** The RawRequest for an Express request: the original URL (mounting rewrites `req.url`), decoded route params. */
export function toRawRequest(req: Request, res: Response): RawRequest {
  return new NodeRawRequest(req, res, req.originalUrl, req.params as Record<string, string | undefined>);
}

/**
 * Writes a RawResponse as it is, with Node's own writeHead/end, so Express adds nothing.
 * Content-Length is filled in when the runtime left it out, the way Fastify does it (0 for an
 * empty body; none on 1xx/204/304 or a bodiless HEAD answer), so both packs put the same bytes
 * on the wire.
 */
export function send(res: ServerResponse, response: RawResponse): void {
  writeRawResponse(res, response);
}

/** The Express handler of one operation: the shared runtime answers, errors go to the error middleware. */
export function route<P>(runtime: ServerRuntime<P>, contract: OperationContract, handler: RouteHandler): RequestHandler {
  // Express answers HEAD with the first GET route of the path; when the spec declares a HEAD
  // operation there too, HEAD must go on to that one.
  const passHead = contract.method === "GET" && runtime.routes.some((entry) => entry.path === contract.path && entry.methods.includes("HEAD"));
  return function apigenRoute(req: Request, res: Response, next: NextFunction): void {
    if (passHead && req.method === "HEAD") {
      next();
      return;
    }
    const write = (response: RawResponse) => {
      try {
        send(res, response);
      } catch (error) {
        // Node refused the head (a header value with a newline): the error middleware answers.
        next(error);
      }
    };
    const response = runtime.handle(contract, handler as Handler<P>, toRawRequest(req, res));
    if (response instanceof Promise) response.then(write);
    else write(response);
  };
}

/**
 * A new Express app set up for the shared runtime: no `X-Powered-By`, and routing as exact as
 * the spec (case-sensitive, no trailing-slash slack), the way Fastify and the runtime's own
 * 404/405 table match paths. No body parser is installed: the runtime reads bodies itself,
 * after authentication, within its size limit.
 */
export function createApp(): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("case sensitive routing", true);
  app.set("strict routing", true);
  return app;
}

/** Answers `/livez` and `/readyz` (GET and HEAD) from the lifecycle. Registered after the spec's routes, so those win. */
export function addProbes(app: Express, lifecycle: Lifecycle): void {
  app.get("/livez", (req, res) => send(res, probes.livez(req.headers)));
  app.get("/readyz", (req, res) => send(res, probes.readyz(lifecycle, req.headers, "/readyz")));
}

/**
 * The last middleware: requests no route took get the runtime's 404 or 405 (with `Allow`).
 * Being a middleware, it also answers OPTIONS before Express's automatic OPTIONS reply would.
 * Then the error handler: Express's own errors (an undecodable path parameter) and anything
 * that escaped become the runtime's problem responses, never Express's HTML page.
 */
export function addFallbacks<P>(app: Express, runtime: ServerRuntime<P>): void {
  app.use((req: Request, res: Response) => send(res, runtime.unmatched(toRawRequest(req, res))));
  const onError: ErrorRequestHandler = (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // Too late for a problem once the head is out; cut the connection so the client sees a failure.
    if (res.headersSent) return void res.destroy();
    send(res, runtime.errorResponse(error, toRawRequest(req, res)));
  };
  app.use(onError);
}
