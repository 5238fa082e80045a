/**
 * The pipeline's steps (pipeline.ts) as plain functions of what the runtime worked out once
 * (`RuntimeEnv`), so that each is short enough to read on its own; `createServerRuntime` only
 * wires them to the runtime object. A step that goes on to another (`handle` to all of them, a
 * failed response validation to `fail`) calls it through that object, never directly: a method
 * replaced on the runtime (tests wrap `handle`, NestJS runs the steps itself) is the one every
 * path takes.
 */
import { ProblemError } from "../problem-details.js";
import { matchDeclaredMediaType, parseBody } from "./body.js";
import { type CompiledContract, RequestState } from "./compile.js";
import { preconditionsFor } from "./conditional.js";
import type { Cors } from "./cors.js";
import { decodeForm } from "./form.js";
import { HandlerRequestImpl } from "./handler-request.js";
import type { IdempotencyStore } from "./idempotency.js";
import { multipartMediaType, readMultipart } from "./multipart.js";
import type { Observer } from "./observe.js";
import { isAcceptable } from "./negotiate.js";
import type { Handler, HandlerRequest, ServerRuntime } from "./pipeline.js";
import { filteredResult } from "./project.js";
import * as problems from "./problems.js";
import type { RateLimiter } from "./rate-limit-step.js";
import { buildResponse, checkResult, contentTypeFor, declaredResponse } from "./respond.js";
import { isItemSource, ResponseStream, type StreamContract } from "./stream.js";
import { type RouteEntry, unmatchedProblem } from "./routes.js";
import { authenticate as authenticateWith, runsSecurity, type SecurityEnv } from "./security.js";
import type { HandlerResponse, Logger, OperationContract, RawRequest, RawResponse, ServerOptions } from "./types.js";
import { checkMediaTypeBeforeRead } from "./unread-body.js";
import { validateInputs } from "./validate.js";

export { runIdempotent } from "./idempotency-step.js";

/** What every request of a runtime shares: its options with their defaults, and the per-operation work done once. */
export interface RuntimeEnv<P> {
  /** As given: `multipart` is read from it on each multipart request. */
  options: ServerOptions;
  logger: Logger;
  bodyLimit: number;
  pretty: boolean;
  validateResponses: boolean;
  filterResponses: boolean;
  idempotencyTtlMs: number;
  idempotencyLeaseMs: number;
  store: IdempotencyStore;
  security: SecurityEnv<P>;
  /** An operation's compiled plan; one the config did not list is compiled on its first request. */
  compiledOf: (contract: OperationContract) => CompiledContract;
  /** By operation id, the fixed headers (deprecation, no-store...) its problems carry too. */
  fixedHeaders: Map<string, [string, string][]>;
  routes: RouteEntry[];
  cors: Cors | undefined;
  rateLimiter: RateLimiter;
  /** Access log, spans and metrics; undefined when none is configured (observe.ts). */
  observer: Observer | undefined;
  /** Aborted when graceful shutdown stops accepting connections (the lifecycle's), when the runtime has one. */
  stopping: AbortSignal | undefined;
}

/** Step 2: the principal, stored on the state too; throws the 401/403 problem. */
export async function authenticate<P>(env: RuntimeEnv<P>, contract: OperationContract, state: RequestState<P>): Promise<P | undefined> {
  state.operationId = contract.id;
  state.principal = await authenticateWith(env.security, contract, state.raw, state.requestId, state, env.compiledOf(contract).challenge);
  return state.principal;
}

/** Step 2b: the rate limit (429); undefined when the operation has none. After authentication, before the body. */
export function limit<P>(env: RuntimeEnv<P>, contract: OperationContract, state: RequestState<P>): Promise<void> | undefined {
  return env.rateLimiter.check(contract, state, env.compiledOf(contract).credentialSources);
}

/** The rate-limit headers, once the request was counted, on an answer (a stored replay's are this request's). */
export function addRateLimitHeaders<P>(state: RequestState<P>, headers: Record<string, string>): void {
  if (state.rateLimitHeaders) for (const [name, value] of state.rateLimitHeaders) headers[name] = value;
}

/**
 * Step 3's first half: 406, then the body's bytes (413/415 before reading, multipart parsed
 * while it streams). Synchronous when the adapter had the body already, a promise otherwise.
 */
export function prepareInput<P>(env: RuntimeEnv<P>, contract: OperationContract, state: RequestState<P>): HandlerRequest<P> | Promise<HandlerRequest<P>> {
  const plan = env.compiledOf(contract);
  if (!isAcceptable(headerOf(state.raw, "accept"), plan.offered)) throw problems.notAcceptable(plan.offered ?? []);
  const { stopping } = env;
  if (!contract.body) return inputsOf(contract, plan, state, stopping, undefined);
  checkMediaTypeBeforeRead(contract, state.raw.headers);
  const multipart = contract.body.forms && multipartMediaType(contract, headerOf(state.raw, "content-type"));
  if (multipart !== undefined) return readMultipart(state.raw, contract.body.forms![multipart]!, env.bodyLimit, env.options.multipart, plan.idempotencyHeader !== undefined).then((read) => inputsOf(contract, plan, state, stopping, read.bytes, { declared: multipart, body: read.body }));
  const bytes = state.raw.readBody(env.bodyLimit);
  return isPromiseLike(bytes) ? Promise.resolve(bytes).then((read) => inputsOf(contract, plan, state, stopping, read)) : inputsOf(contract, plan, state, stopping, bytes);
}

/** Step 3's second half, once the body's bytes are in: media type (415), parsing (400), validation (400). */
function inputsOf<P>(contract: OperationContract, plan: CompiledContract, state: RequestState<P>, stopping: AbortSignal | undefined, bytes: Uint8Array | undefined, decoded?: { declared: string; body: unknown }): HandlerRequest<P> {
  const { raw } = state;
  let body: unknown;
  let bodySchema;
  let declared: string | undefined;
  state.bodyBytes = bytes;
  if (decoded !== undefined) {
    ({ declared, body } = decoded);
    bodySchema = contract.body!.schemas[declared];
  } else if (bytes !== undefined && contract.body) {
    const contentType = headerOf(raw, "content-type") ?? "application/octet-stream";
    declared = matchDeclaredMediaType(contract.body.contentTypes, contentType);
    if (declared === undefined) throw problems.unsupportedMediaType(contentType, contract.body.contentTypes);
    // Parsed as the spec declares it (a body declared `*/*` stays bytes, as its handler type says).
    body = parseBody(bytes, declared);
    const form = contract.body.forms?.[declared];
    if (form !== undefined) body = decodeForm(body as Record<string, string | string[]>, form);
    bodySchema = contract.body.schemas[declared];
  }
  const inputs = validateInputs(contract, plan.validation, raw, state.query(), plan.validation.needsCookies ? state.cookies() : undefined, body, bodySchema, bytes?.length ?? 0);
  if (plan.idempotencyHeader) state.idempotencyKey = headerOf(raw, plan.idempotencyHeader);
  return new HandlerRequestImpl<P>(inputs, declared, state.requestId, state.principal as P, preconditionsFor(raw.headers["if-match"]), raw, plan.streams ? stopping : undefined);
}

/** Step 5: the response for a handler's result (response validation, ETag/304, headers). */
export function respond<P>(env: RuntimeEnv<P>, runtime: ServerRuntime<P>, contract: OperationContract, state: RequestState<P>, result: HandlerResponse): RawResponse {
  const plan = env.compiledOf(contract);
  const declared = declaredResponse(contract, result.status);
  if (declared?.stream !== undefined && isItemSource(result.body)) return streamResponse(env, state, declared.stream, result, plan.fixedHeaders);
  const contentType = contentTypeFor(declared, result);
  if (env.validateResponses) {
    const failure = checkResult(declared, result, contentType);
    if (failure) {
      env.logger.error("Response validation failed: the handler's result does not match the spec.", { requestId: state.requestId, operationId: contract.id, status: result.status, ...failure });
      return runtime.fail(state, problems.responseValidationFailed());
    }
  }
  // Only what the response schema declares leaves the server (project.ts), validated or not.
  const response = buildResponse(state.raw, state.requestId, env.filterResponses ? filteredResult(declared, result, contentType) : result, contentType, plan.fixedHeaders, env.pretty);
  addRateLimitHeaders(state, response.headers);
  env.cors?.decorate(state.raw, response.headers);
  return response;
}

/**
 * A streamed answer (stream.ts): the head now, the items as the adapter pipes them. Not projected
 * (items are written as the handler made them; validated when responses are) and never stored
 * for idempotency replays. A HEAD request gets the head only: the iterator is closed unread.
 */
function streamResponse<P>(env: RuntimeEnv<P>, state: RequestState<P>, contract: StreamContract, result: HandlerResponse, fixed: readonly [string, string][]): RawResponse {
  const items = result.body as AsyncIterable<unknown> | Iterable<unknown>;
  const stream = new ResponseStream(items, contract, { validate: env.validateResponses, logger: env.logger, requestId: state.requestId, operationId: state.operationId ?? "", instance: state.pathname, options: env.options.streams, stopping: env.stopping });
  const response = buildResponse(state.raw, state.requestId, { ...result, body: "", contentType: contract.contentType }, contract.contentType, fixed, false);
  delete response.body;
  const { headers } = response;
  // Proxies (nginx) buffer a response unless told not to; caches must not keep a live stream.
  headers["cache-control"] ??= "no-cache";
  headers["x-accel-buffering"] = "no";
  // HEAD, and a 304 (the handler set an ETag the request already has), send no body: the stream
  // is cancelled unread, and still written as one (a head without Content-Length, like GET's).
  if (state.raw.method === "HEAD" || response.status === 304) stream.cancel();
  response.stream = stream;
  addRateLimitHeaders(state, headers);
  env.cors?.decorate(state.raw, headers);
  return response;
}

/** Any error as a response: problems as themselves, anything else a logged 500; with the operation's fixed headers. */
export function fail<P>(env: RuntimeEnv<P>, state: RequestState<P>, error: unknown): RawResponse {
  if (!(error instanceof ProblemError)) {
    env.logger.error("Unhandled error while processing a request.", { requestId: state.requestId, operationId: state.operationId, error });
    state.observation?.failed(error);
  }
  const response = problems.renderProblem(error instanceof ProblemError ? error : problems.internalError(), state.requestId, state.pathname, env.pretty);
  const fixed = state.operationId === undefined ? undefined : env.fixedHeaders.get(state.operationId);
  if (fixed) for (const [name, value] of fixed) response.headers[name] ??= value;
  addRateLimitHeaders(state, response.headers);
  env.cors?.decorate(state.raw, response.headers);
  return response;
}

/** The whole pipeline for one request: synchronous when nothing had to wait, never throws or rejects. */
export function handle<P>(env: RuntimeEnv<P>, runtime: ServerRuntime<P>, contract: OperationContract, handler: Handler<P>, raw: RawRequest): RawResponse | Promise<RawResponse> {
  const state = new RequestState<P>(raw, contract.id);
  // Observed: the same steps, inside the request's span, ended with their response (the closure only then).
  if (env.observer !== undefined) return env.observer.observe(state, contract, () => run(runtime, contract, handler, state));
  return run(runtime, contract, handler, state);
}

/** `handle` after the request's state: its answer, never a throw or rejection. */
function run<P>(runtime: ServerRuntime<P>, contract: OperationContract, handler: Handler<P>, state: RequestState<P>): RawResponse | Promise<RawResponse> {
  // Verifiers may be async: secured operations take the promise path.
  if (runsSecurity(contract)) return handleSecured(runtime, contract, handler, state);
  try {
    const limited = runtime.limit(contract, state);
    if (limited !== undefined) return limited.then(() => runtime.prepareInput(contract, state)).then((ready) => answer(runtime, contract, handler, state, ready), (error) => runtime.fail(state, error));
    const request = runtime.prepareInput(contract, state);
    if (isPromiseLike(request)) return Promise.resolve(request).then((ready) => answer(runtime, contract, handler, state, ready), (error) => runtime.fail(state, error));
    return answer(runtime, contract, handler, state, request);
  } catch (error) {
    return runtime.fail(state, error);
  }
}

/** The handler's result as the response (under the idempotency key, when there is one); errors become problems. */
function answer<P>(runtime: ServerRuntime<P>, contract: OperationContract, handler: Handler<P>, state: RequestState<P>, request: HandlerRequest<P>): RawResponse | Promise<RawResponse> {
  // The closures are made only on the promise paths: the synchronous one allocates none.
  try {
    if (state.idempotencyKey !== undefined) {
      return runtime.runIdempotent(contract, state, async () => runtime.respond(contract, state, await handler(request))).catch((error: unknown) => runtime.fail(state, error));
    }
    const result = handler(request);
    if (isPromiseLike(result)) return Promise.resolve(result).then((value) => runtime.respond(contract, state, value)).catch((error: unknown) => runtime.fail(state, error));
    return runtime.respond(contract, state, result);
  } catch (error) {
    return runtime.fail(state, error);
  }
}

/** `handle` for an operation with security: authentication first, the rate limit, then the body (never read for a caller turned away). */
async function handleSecured<P>(runtime: ServerRuntime<P>, contract: OperationContract, handler: Handler<P>, state: RequestState<P>): Promise<RawResponse> {
  try {
    await runtime.authenticate(contract, state);
    await runtime.limit(contract, state);
    return await answer(runtime, contract, handler, state, await runtime.prepareInput(contract, state));
  } catch (error) {
    return runtime.fail(state, error);
  }
}

/** 404, or 405 with `Allow`, for a request no route took; a CORS preflight of a known path is answered instead. */
export function unmatched<P>(env: RuntimeEnv<P>, runtime: ServerRuntime<P>, raw: RawRequest): RawResponse {
  const state = new RequestState<P>(raw, undefined);
  env.observer?.start(state, undefined);
  const response = env.cors?.preflight(raw, state.pathname, state.requestId) ?? runtime.fail(state, unmatchedProblem(env.routes, raw.method, state.pathname));
  return state.observation === undefined ? response : state.observation.end(response);
}

/** The problem for an error a framework raised before the runtime ran (undecodable path 400, body parser 400/413/415, else 500). */
export function errorResponse<P>(env: RuntimeEnv<P>, runtime: ServerRuntime<P>, error: unknown, raw: RawRequest): RawResponse {
  const state = new RequestState<P>(raw, undefined);
  const observation = env.observer?.start(state, undefined);
  const response = errorAnswer(env, runtime, error, state);
  return observation === undefined ? response : observation.end(response);
}

function errorAnswer<P>(env: RuntimeEnv<P>, runtime: ServerRuntime<P>, error: unknown, state: RequestState<P>): RawResponse {
  const raw = state.raw;
  if (error instanceof ProblemError) return runtime.fail(state, error);
  const status = (error as { statusCode?: unknown; status?: unknown } | null)?.statusCode ?? (error as { status?: unknown } | null)?.status;
  // A path that is not valid percent-encoding: Express's URIError, Fastify's FST_ERR_BAD_URL.
  if (error instanceof URIError || (error as { code?: unknown } | null)?.code === "FST_ERR_BAD_URL") {
    return runtime.fail(state, problems.validationError([{ pointer: "/path", message: "The path is not valid percent-encoding." }]));
  }
  if (status === 413) return runtime.fail(state, problems.payloadTooLarge(env.bodyLimit));
  if (status === 415) return runtime.fail(state, problems.unsupportedMediaType(headerOf(raw, "content-type") ?? "(none)", []));
  if (status === 400) return runtime.fail(state, problems.malformedRequestBody());
  return runtime.fail(state, error);
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}

function headerOf(raw: RawRequest, name: string): string | undefined {
  const value = raw.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
