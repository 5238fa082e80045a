/**
 * The exception filter, registered globally (APP_FILTER), so it also sees the requests no
 * route took. Every answer is rendered by the runtime, never by Nest:
 * - errors of an operation (problems from guards, pipe and handlers, anything else as a logged
 *   500 without internals) through `fail`, as in the runtime's `handle`;
 * - Nest's NotFoundException for unknown routes, and a method an `@All` route does not serve,
 *   through `unmatched` (404, or 405 with `Allow`);
 * - errors Express raised before any operation ran (an undecodable path parameter) through
 *   `errorResponse`, as the Express pack does.
 */
import type { ServerResponse } from "node:http";
import { type ArgumentsHost, BadRequestException, Catch, type ExceptionFilter, Inject, NotFoundException } from "@nestjs/common";
import { existingExchange, type NestApi, UnmatchedRoute } from "./exchange.js";
import { type NestHttpRequest, send, toRawRequest } from "./http.js";
import { NEST_API } from "./tokens.js";

/**
 * Nest turns the router's URIError for a path parameter that is not valid percent-encoding
 * (`/orders/%ZZ`) into a BadRequestException that keeps only its message; the runtime answers
 * that URIError with the same path problem as the Express and Fastify packs, not as a bad body.
 */
function undecodablePath(error: unknown): URIError | undefined {
  if (!(error instanceof BadRequestException)) return undefined;
  return /^Failed to decode param /.test(error.message) ? new URIError(error.message) : undefined;
}

/** Renders every error of the app through the shared runtime (registered as APP_FILTER by apiProviders). */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(NEST_API) private readonly api: NestApi) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<NestHttpRequest>();
    const res = http.getResponse<ServerResponse>();
    // Too late for a problem once the head is out; cut the connection so the client sees a failure.
    if (res.headersSent) return void res.destroy();
    const { runtime } = this.api;
    const exchange = existingExchange(req);
    if (exchange && !(error instanceof UnmatchedRoute)) return void exchange.send(runtime.fail(exchange.state, error));
    const raw = toRawRequest(req, res);
    if (error instanceof UnmatchedRoute || error instanceof NotFoundException) return send(res, runtime.unmatched(raw));
    send(res, runtime.errorResponse(undecodablePath(error) ?? error, raw));
  }
}
