/**
 * The request pipeline every pack runs, in one order: request id, authentication (401/403),
 * rate limit (429), negotiation (406), body (413/415/400), validation (400), idempotency (422/409/replay), the
 * handler, the response. Each step is exposed on its own so NestJS can run them from guards,
 * pipes and filters; `handle` is built from the same steps.
 */
import { compileContract, type CompiledContract, RequestState } from "./compile.js";
import { createCors } from "./cors.js";
import { type Lifecycle, stoppingSignal } from "./lifecycle.js";
import { DEFAULT_IDEMPOTENCY_LEASE_MS, DEFAULT_IDEMPOTENCY_TTL_MS, MemoryIdempotencyStore } from "./idempotency.js";
import { createRateLimiter } from "./rate-limit-step.js";
import { Observer } from "./observe.js";
import { buildRouteTable, type RouteEntry } from "./routes.js";
import * as steps from "./runtime-steps.js";
import type { RuntimeEnv } from "./runtime-steps.js";
import type { SecurityEnv } from "./security.js";
import type { HandlerContextBase, HandlerResponse, Logger, OperationContract, RawRequest, RawResponse, SecuritySchemeSpec, ServerOptions, Verifier } from "./types.js";
import type { ValidatedInputs } from "./validate.js";

export { RequestState } from "./compile.js";

/** What a handler receives: the validated inputs and the request's context. */
export type HandlerRequest<P> = ValidatedInputs & HandlerContextBase<P>;
export type Handler<P> = (request: HandlerRequest<P>) => HandlerResponse | Promise<HandlerResponse>;

export interface ServerRuntimeConfig<P> {
  schemes: Record<string, SecuritySchemeSpec>;
  verifiers: Record<string, Verifier<any, P> | undefined>;
  contracts: OperationContract[];
  options?: ServerOptions | undefined;
  /** The process lifecycle: graceful shutdown ends open response streams (stream.ts). */
  lifecycle?: Lifecycle | undefined;
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
  /** Step 1: the request's state (request id, path), observed from here when the runtime observes requests (end it with `state.observation?.end(response)`). */
  begin(raw: RawRequest, contract?: OperationContract): RequestState<P>;
  /** Step 2: the principal (stored on the state too); throws the 401/403 problem. */
  authenticate(contract: OperationContract, state: RequestState<P>): Promise<P | undefined>;
  /** Step 2b: counts the request against the operation's rate limit (429 past it); undefined when it has none. */
  limit(contract: OperationContract, state: RequestState<P>): Promise<void> | undefined;
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

/**
 * Builds the runtime for a set of operations; per-operation work is done here, once. Each method
 * hands over to its step in runtime-steps.ts: one call, nothing allocated on the way.
 */
export function createServerRuntime<P>(config: ServerRuntimeConfig<P>): ServerRuntime<P> {
  const env = runtimeEnv(config);
  const runtime: ServerRuntime<P> = {
    routes: env.routes,
    bodyLimit: env.bodyLimit,
    contracts: config.contracts,
    begin(raw, contract) {
      const state = new RequestState<P>(raw, contract?.id);
      env.observer?.start(state, contract);
      return state;
    },
    authenticate(contract, state) {
      return steps.authenticate(env, contract, state);
    },
    limit(contract, state) {
      return steps.limit(env, contract, state);
    },
    prepareInput(contract, state) {
      return steps.prepareInput(env, contract, state);
    },
    runIdempotent(contract, state, run) {
      return steps.runIdempotent(env, contract, state, run);
    },
    // From here on the steps go on to others: they get the runtime, to call those through it.
    respond(contract, state, result) {
      return steps.respond(env, runtime, contract, state, result);
    },
    fail(state, error) {
      return steps.fail(env, state, error);
    },
    handle(contract, handler, raw) {
      return steps.handle(env, runtime, contract, handler, raw);
    },
    unmatched(raw) {
      return steps.unmatched(env, runtime, raw);
    },
    errorResponse(error, raw) {
      return steps.errorResponse(env, runtime, error, raw);
    },
  };
  return runtime;
}

/**
 * The options with their defaults, and what every operation needs compiled once. In the order
 * it was always done, so a bad option or contract fails creation with the same error.
 */
function runtimeEnv<P>(config: ServerRuntimeConfig<P>): RuntimeEnv<P> {
  const options = config.options ?? {};
  const logger = options.logger ?? consoleLogger;
  const bodyLimit = options.bodyLimit ?? 1024 * 1024;
  const pretty = options.prettyJson ?? false;
  const realm = options.realm ?? "api";
  const validateResponses = options.validateResponses ?? isDevelopment();
  const filterResponses = options.filterResponses ?? true;
  const idempotencyTtlMs = options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  const idempotencyLeaseMs = options.idempotencyLeaseMs ?? DEFAULT_IDEMPOTENCY_LEASE_MS;
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
  const rateLimiter = createRateLimiter(options, config.contracts, logger);
  const observer = Observer.of(options, logger);
  const stopping = config.lifecycle === undefined ? undefined : stoppingSignal(config.lifecycle);
  return { options, logger, bodyLimit, pretty, validateResponses, filterResponses, idempotencyTtlMs, idempotencyLeaseMs, store, security, compiledOf, fixedHeaders, routes, cors, rateLimiter, observer, stopping };
}

/** NODE_ENV is development or test; false where there is no `process` (Workers without Node compatibility). */
function isDevelopment(): boolean {
  const mode = typeof process === "undefined" ? undefined : process.env?.["NODE_ENV"];
  return mode === "development" || mode === "test";
}
