/**
 * One request's way through the shared runtime's steps, shared by the guards, the pipes and
 * the filter. Nest runs those in its own order (guards, pipes, handler, filters); each step here is memoised per request, so whichever Nest component asks
 * first runs it and the others get the same result: the runtime's order (request id,
 * authentication, inputs, idempotency, response) holds whatever the order of the Nest calls.
 */
import type { ServerResponse } from "node:http";
import { type ExecutionContext, SetMetadata } from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import type { HandlerRequest, Lifecycle, RequestState, ServerRuntime } from "../server/index.js";
import { type PathPattern, templatePattern } from "../server/routes.js";
import type { HandlerResponse, OperationContract, RawResponse } from "../server/types.js";
import { type NestHttpRequest, send, toRawRequest } from "./http.js";

/** What the Nest components share: the shared server runtime and the process lifecycle. */
export interface NestApi<P = unknown> {
  runtime: ServerRuntime<P>;
  lifecycle: Lifecycle;
}

/** Metadata key under which a controller method names the OperationContract it serves. */
export const OPERATION_METADATA = "apigen:operation";

/** Marks a controller method as the route of an operation: `@ApiOperation(createOrderContract)`. */
export const ApiOperation = (contract: OperationContract): MethodDecorator => SetMetadata(OPERATION_METADATA, contract);

/**
 * Thrown when Nest routed a request that the operation does not serve by the runtime's rules:
 * the filter answers it as a request no route took (404, or 405 with `Allow`).
 */
export class UnmatchedRoute extends Error {
  constructor() {
    super("The operation does not serve this method or exact path.");
    this.name = "UnmatchedRoute";
  }
}

/** The runtime's state of one request and its memoised steps. */
export class Exchange<P = unknown> {
  readonly state: RequestState<P>;
  #principal: Promise<P | undefined> | undefined;
  #request: Promise<HandlerRequest<P>> | undefined;

  constructor(
    readonly api: NestApi<P>,
    readonly contract: OperationContract,
    req: NestHttpRequest,
    readonly res: ServerResponse,
  ) {
    this.state = api.runtime.begin(toRawRequest(req, res), contract);
  }

  /** The operation's security requirements, run once (401/403 problems). */
  authenticate(): Promise<P | undefined> {
    return (this.#principal ??= this.api.runtime.authenticate(this.contract, this.state));
  }

  /** The handler's argument, after authentication and the rate limit (429), before which no body is read (406/413/415/400 problems). */
  prepareInput(): Promise<HandlerRequest<P>> {
    const { runtime } = this.api;
    return (this.#request ??= this.authenticate()
      .then(() => runtime.limit(this.contract, this.state))
      .then(() => runtime.prepareInput(this.contract, this.state)));
  }

  /**
   * Runs the handler (under the request's idempotency key, when it has one: replay, 422, 409),
   * turns its result into the runtime's response (response validation, ETag/304, Deprecation,
   * request id) and writes it as it is. Errors reject, for the exception filter.
   */
  answer(call: () => HandlerResponse | Promise<HandlerResponse>): Promise<void> {
    const { runtime } = this.api;
    // Observed requests run their handler inside the request's span (its own calls become children).
    const observation = this.state.observation;
    const handle = observation === undefined ? call : () => observation.within(call);
    const run = () => Promise.resolve(handle()).then((result) => runtime.respond(this.contract, this.state, result));
    const response = this.state.idempotencyKey === undefined ? run() : runtime.runIdempotent(this.contract, this.state, run);
    return response.then((raw) => this.send(raw));
  }

  /**
   * Writes the request's answer as it is, ending its observation (access line, span, metrics). A
   * streamed answer resolves once the response is over: Nest ends the response when the route's
   * promise settles, which must not cut the stream.
   */
  send(response: RawResponse): void | Promise<void> {
    this.state.observation?.end(response);
    send(this.res, response);
    if (response.stream !== undefined && !this.res.writableEnded) {
      const res = this.res;
      return new Promise<void>((resolve) => {
        res.once("finish", () => resolve());
        res.once("close", () => resolve());
      });
    }
  }
}

const exchanges = new WeakMap<object, Exchange<any>>();

/** The exchange of a request Nest routed to an operation, made on first use. */
export function exchangeOf<P>(api: NestApi<P>, context: ExecutionContext): Exchange<P> {
  const http = context.switchToHttp();
  const req = http.getRequest<NestHttpRequest>();
  const known = exchanges.get(req);
  if (known) return known;
  const contract = contractOf(context);
  if (!contract) throw new Error(`apigen: ${context.getClass().name}.${context.getHandler().name} has no @ApiOperation(contract).`);
  if (!servesRequest(contract, req)) throw new UnmatchedRoute();
  const exchange = new Exchange(api, contract, req, http.getResponse<ServerResponse>());
  exchanges.set(req, exchange);
  return exchange;
}

const patterns = new WeakMap<OperationContract, PathPattern>();

/**
 * Whether the operation serves the request by the runtime's own routing rules. Nest routes
 * more loosely than the Express pack (its adapter creates the Express router before any
 * setting can make it case-sensitive and strict), and `@All` routes (methods Nest has no
 * decorator for) take every method; requests Express routed to GET for HEAD stay served.
 */
export function servesRequest(contract: OperationContract, req: NestHttpRequest): boolean {
  if (req.method !== contract.method && !(req.method === "HEAD" && contract.method === "GET")) return false;
  let pattern = patterns.get(contract);
  if (!pattern) patterns.set(contract, (pattern = templatePattern(contract.path)));
  return pattern.test(pathnameOf(req));
}

/**
 * The path of a request without its query, as the runtime sees it. An absolute-form target (a
 * client talking to a proxy: `GET http://host/orders HTTP/1.1`) is routed by its path, as
 * Express's router (and so the other packs) does.
 */
export function pathnameOf(req: NestHttpRequest): string {
  let url = req.originalUrl ?? req.url ?? "/";
  if (url[0] !== "/") url = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "") || "/";
  const mark = url.indexOf("?");
  return mark === -1 ? url : url.slice(0, mark);
}

/** The exchange of a request, if an operation's guard or pipe already made one. */
export function existingExchange(req: object): Exchange<any> | undefined {
  return exchanges.get(req);
}

/** The contract a controller method serves (undefined for other routes, e.g. the probes). */
export function contractOf(context: ExecutionContext): OperationContract | undefined {
  return reflector.get<OperationContract | undefined>(OPERATION_METADATA, context.getHandler());
}

// Reflector has no dependencies; one instance serves every request without going through DI.
const reflector = new Reflector();
