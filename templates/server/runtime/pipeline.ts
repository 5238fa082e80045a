/**
 * The request pipeline every pack runs, in one order: request id, authentication (401/403),
 * negotiation (406), body (413/415/400), validation (400), idempotency (422/409/replay), the
 * handler, the response. Each step is exposed on its own so NestJS can run them from guards,
 * pipes and filters; `handle` is built from the same steps.
 */
import { ProblemError } from "../problem-details.js";
import { matchDeclaredMediaType, parseBody } from "./body.js";
import { compileContract, type CompiledContract, RequestState } from "./compile.js";
import { preconditionsFor } from "./conditional.js";
import { DEFAULT_IDEMPOTENCY_TTL_MS, fingerprintOf, MemoryIdempotencyStore, scopedKey } from "./idempotency.js";
import { isAcceptable } from "./negotiate.js";
import { filteredResult } from "./project.js";
import * as problems from "./problems.js";
import { HandlerRequestImpl } from "./handler-request.js";
import { decodeForm } from "./form.js";
import { multipartMediaType, readMultipart } from "./multipart.js";
import { buildResponse, checkResult, contentTypeFor, declaredResponse } from "./respond.js";
import { createCors } from "./cors.js";
import { buildRouteTable, type RouteEntry, unmatchedProblem } from "./routes.js";
import { authenticate, runsSecurity, type SecurityEnv } from "./security.js";
import type { HandlerContextBase, HandlerResponse, Logger, OperationContract, RawRequest, RawResponse, SecuritySchemeSpec, ServerOptions, Verifier } from "./types.js";
import { checkMediaTypeBeforeRead } from "./unread-body.js";
import { type ValidatedInputs, validateInputs } from "./validate.js";

export { RequestState } from "./compile.js";

/** What a handler receives: the validated inputs and the request's context. */
export type HandlerRequest<P> = ValidatedInputs & HandlerContextBase<P>;
export type Handler<P> = (request: HandlerRequest<P>) => HandlerResponse | Promise<HandlerResponse>;

export interface ServerRuntimeConfig<P> {
  schemes: Record<string, SecuritySchemeSpec>;
  verifiers: Record<string, Verifier<any, P> | undefined>;
  contracts: OperationContract[];
  options?: ServerOptions | undefined;
}

export interface ServerRuntime<P> {
  /**
   * The whole pipeline for one request; never throws or rejects, always a response to write. The
   * response comes synchronously when nothing had to wait (no verifier, a body the adapter had
   * already read, a handler that returned a value), else as a promise.
   */
  handle(contract: OperationContract, handler: Handler<P>, raw: RawRequest): RawResponse | Promise<RawResponse>;
  /** 404, or 405 with `Allow`, for a request no route took. */
  unmatched(raw: RawRequest): RawResponse;
  /** The problem for an error a framework raised before the runtime ran (body parser 400/413/415, else 500). */
  errorResponse(error: unknown, raw: RawRequest): RawResponse;
  /** Step 1: the request's state (request id, path). */
  begin(raw: RawRequest, contract?: OperationContract): RequestState<P>;
  /** Step 2: the principal (stored on the state too); throws the 401/403 problem. */
  authenticate(contract: OperationContract, state: RequestState<P>): Promise<P | undefined>;
  /**
   * Step 3: 406, body (413/415/400) and validation (400): the handler's argument, or a promise of
   * it while the body is still being read. Problems are thrown, or rejected once reading began.
   */
  prepareInput(contract: OperationContract, state: RequestState<P>): HandlerRequest<P> | Promise<HandlerRequest<P>>;
  /** Step 4: runs `run` under the request's idempotency key, when it has one (422/409/replay). */
  runIdempotent(contract: OperationContract, state: RequestState<P>, run: () => Promise<RawResponse>): Promise<RawResponse>;
  /** Step 5: the response for a handler's result (response validation, ETag/304, headers). */
  respond(contract: OperationContract, state: RequestState<P>, result: HandlerResponse): RawResponse;
  /** Any error as a response: problems as themselves, anything else a logged 500. */
  fail(state: RequestState<P>, error: unknown): RawResponse;
  readonly routes: readonly RouteEntry[];
  /** The body limit in bytes (adapters that read a body early read it within this). */
  readonly bodyLimit: number;
  /** The operations it serves (adapters read their declared media types). */
  readonly contracts: readonly OperationContract[];
}

const consoleLogger: Logger = { error: (message, details) => console.error(message, details), warn: (message, details) => console.warn(message, details) };

/** Builds the runtime for a set of operations; per-operation work is done here, once. */
export function createServerRuntime<P>(config: ServerRuntimeConfig<P>): ServerRuntime<P> {
  const options = config.options ?? {};
  const logger = options.logger ?? consoleLogger;
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const pretty = options.prettyJson ?? false;
  const realm = options.realm ?? "api";
  const validateResponses = options.validateResponses ?? (process.env["NODE_ENV"] === "development" || process.env["NODE_ENV"] === "test");
  const filterResponses = options.filterResponses ?? true;
  const idempotencyTtlMs = options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  const store = options.idempotencyStore ?? new MemoryIdempotencyStore();
  const security: SecurityEnv<P> = { schemes: config.schemes, verifiers: config.verifiers, logger, warned: new Set() };
  const compiled = new WeakMap<OperationContract, CompiledContract>();
  const compiledOf = (contract: OperationContract) => {
    let entry = compiled.get(contract);
    if (!entry) compiled.set(contract, (entry = compileContract(contract, config.schemes, realm)));
    return entry;
  };
  for (const contract of config.contracts) compiledOf(contract);
  // The operation's fixed headers (deprecation, no-store...) go on its problems too.
  const fixedHeaders = new Map(config.contracts.map((c) => [c.id, compiledOf(c).fixedHeaders]));
  const routes = buildRouteTable(config.contracts);
  const cors = options.cors ? createCors(options.cors, routes, config.contracts, config.schemes) : undefined;

  const runtime: ServerRuntime<P> = {
    routes,
    bodyLimit,
    contracts: config.contracts,
    begin: (raw, contract) => new RequestState<P>(raw, contract?.id),

    async authenticate(contract, state) {
      state.operationId = contract.id;
      state.principal = await authenticate(security, contract, state.raw, state.requestId, state, compiledOf(contract).challenge);
      return state.principal;
    },

    prepareInput(contract, state) {
      const plan = compiledOf(contract);
      if (!isAcceptable(headerOf(state.raw, "accept"), plan.offered)) throw problems.notAcceptable(plan.offered ?? []);
      if (!contract.body) return inputsOf(contract, plan, state, undefined);
      checkMediaTypeBeforeRead(contract, state.raw.headers);
      const multipart = contract.body.forms && multipartMediaType(contract, headerOf(state.raw, "content-type"));
      if (multipart !== undefined) return readMultipart(state.raw, contract.body.forms![multipart]!, bodyLimit, options.multipart, plan.idempotencyHeader !== undefined).then((read) => inputsOf(contract, plan, state, read.bytes, { declared: multipart, body: read.body }));
      const bytes = state.raw.readBody(bodyLimit);
      return isPromiseLike(bytes) ? Promise.resolve(bytes).then((read) => inputsOf(contract, plan, state, read)) : inputsOf(contract, plan, state, bytes);
    },

    async runIdempotent(contract, state, run) {
      const key = state.idempotencyKey;
      if (key === undefined) return run();
      const plan = compiledOf(contract);
      const credentials = plan.credentialSources.map((source) => state.credential(source));
      const scoped = scopedKey(contract.id, credentials, key);
      const begun = await store.begin(scoped, fingerprintOf(state.raw.method, state.raw.url, state.bodyBytes), idempotencyTtlMs);
      if (begun.state === "mismatch") throw problems.idempotencyKeyReused();
      if (begun.state === "in-flight") throw problems.idempotentRequestInProgress();
      if (begun.state === "done") {
        const { response } = begun;
        const headers = { ...response.headers, "idempotent-replayed": "true", "x-request-id": state.requestId };
        cors?.decorate(state.raw, headers);
        return { status: response.status, headers, body: response.body };
      }
      let response: RawResponse;
      try {
        response = await run();
      } catch (error) {
        await store.release(scoped);
        throw error;
      }
      if (response.status < 500) await store.complete(scoped, response);
      else await store.release(scoped);
      return response;
    },

    respond(contract, state, result) {
      const plan = compiledOf(contract);
      const declared = declaredResponse(contract, result.status);
      const contentType = contentTypeFor(declared, result);
      if (validateResponses) {
        const failure = checkResult(declared, result, contentType);
        if (failure) {
          logger.error("Response validation failed: the handler's result does not match the spec.", { requestId: state.requestId, operationId: contract.id, status: result.status, ...failure });
          return runtime.fail(state, problems.responseValidationFailed());
        }
      }
      // Only what the response schema declares leaves the server (project.ts), validated or not.
      const response = buildResponse(state.raw, state.requestId, filterResponses ? filteredResult(declared, result, contentType) : result, contentType, plan.fixedHeaders, pretty);
      cors?.decorate(state.raw, response.headers);
      return response;
    },

    fail(state, error) {
      if (!(error instanceof ProblemError)) logger.error("Unhandled error while processing a request.", { requestId: state.requestId, operationId: state.operationId, error });
      const response = problems.renderProblem(error instanceof ProblemError ? error : problems.internalError(), state.requestId, state.pathname, pretty);
      const fixed = state.operationId === undefined ? undefined : fixedHeaders.get(state.operationId);
      if (fixed) for (const [name, value] of fixed) response.headers[name] ??= value;
      cors?.decorate(state.raw, response.headers);
      return response;
    },

    handle(contract, handler, raw) {
      const state = new RequestState<P>(raw, contract.id);
      // Verifiers may be async: secured operations take the promise path.
      if (runsSecurity(contract)) return handleSecured(contract, handler, state);
      try {
        const request = runtime.prepareInput(contract, state);
        if (isPromiseLike(request)) return Promise.resolve(request).then((ready) => answer(contract, handler, state, ready), (error) => runtime.fail(state, error));
        return answer(contract, handler, state, request);
      } catch (error) {
        return runtime.fail(state, error);
      }
    },

    unmatched(raw) {
      const state = new RequestState<P>(raw, undefined);
      return cors?.preflight(raw, state.pathname, state.requestId) ?? runtime.fail(state, unmatchedProblem(routes, raw.method, state.pathname));
    },

    errorResponse(error, raw) {
      const state = new RequestState<P>(raw, undefined);
      if (error instanceof ProblemError) return runtime.fail(state, error);
      const status = (error as { statusCode?: unknown; status?: unknown } | null)?.statusCode ?? (error as { status?: unknown } | null)?.status;
      // A path that is not valid percent-encoding: Express's URIError, Fastify's FST_ERR_BAD_URL.
      if (error instanceof URIError || (error as { code?: unknown } | null)?.code === "FST_ERR_BAD_URL") {
        return runtime.fail(state, problems.validationError([{ pointer: "/path", message: "The path is not valid percent-encoding." }]));
      }
      if (status === 413) return runtime.fail(state, problems.payloadTooLarge(bodyLimit));
      if (status === 415) return runtime.fail(state, problems.unsupportedMediaType(headerOf(raw, "content-type") ?? "(none)", []));
      if (status === 400) return runtime.fail(state, problems.malformedRequestBody());
      return runtime.fail(state, error);
    },
  };
  /** The inputs step's second half, once the body's bytes are in: media type (415), parsing (400), validation (400). */
  function inputsOf(contract: OperationContract, plan: CompiledContract, state: RequestState<P>, bytes: Buffer | undefined, decoded?: { declared: string; body: unknown }): HandlerRequest<P> {
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
    return new HandlerRequestImpl<P>(inputs, declared, state.requestId, state.principal as P, preconditionsFor(raw.headers["if-match"]), raw);
  }

  /** The handler's result as the response (under the idempotency key, when there is one); errors become problems. */
  function answer(contract: OperationContract, handler: Handler<P>, state: RequestState<P>, request: HandlerRequest<P>): RawResponse | Promise<RawResponse> {
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

  async function handleSecured(contract: OperationContract, handler: Handler<P>, state: RequestState<P>): Promise<RawResponse> {
    try {
      await runtime.authenticate(contract, state);
      return await answer(contract, handler, state, await runtime.prepareInput(contract, state));
    } catch (error) {
      return runtime.fail(state, error);
    }
  }

  return runtime;
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}

function headerOf(raw: RawRequest, name: string): string | undefined {
  const value = raw.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
