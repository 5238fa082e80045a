/**
 * The one observation point every pack shares: a request begins when the runtime takes it and
 * ends when the runtime hands the adapter its response. Between the two, the observation holds
 * the request's span (its context is active while the handler runs, so the handler's own calls
 * are its children) and, at the end, writes the access line and the metrics. A runtime with
 * neither an access logger nor telemetry has no observer at all: the request path then does no
 * observation work, not even a clock read.
 *
 * Nothing of a request's or response's body, nor any header but the request id, Host and
 * User-Agent, is read here: the access line and the spans carry no credentials or payloads.
 */
import type { RequestState } from "./compile.js";
import {
  createTelemetry,
  hostAttributes,
  INVALID_TRACE_ID,
  methodAttribute,
  SPAN_KIND_SERVER,
  SPAN_STATUS_ERROR,
  type Telemetry,
  type TelemetryAttributes,
  type TelemetrySpan,
} from "./telemetry.js";
import type { Logger, OperationContract, RawResponse, ServerOptions } from "./types.js";

/** One request's access line (`logger.info("HTTP request", record)`). */
export interface AccessRecord {
  method: string;
  /** The operation's path template (`/orders/{orderId}`); absent for a request no operation took. */
  route?: string;
  status: number;
  /** From taking the request to handing over the response, in milliseconds. */
  durationMs: number;
  requestId: string;
  /** `ServerOptions.principalId` of the authenticated principal; absent when anonymous or not configured. */
  principalId?: string;
  /** True when an idempotency key's stored answer was replayed. */
  replayed: boolean;
}

export class Observer {
  readonly telemetry: Telemetry | undefined;
  readonly #logger: Logger | undefined;
  readonly #principalId: ((principal: any) => string | undefined) | undefined;

  private constructor(logger: Logger | undefined, telemetry: Telemetry | undefined, principalId: ((principal: any) => string | undefined) | undefined) {
    this.#logger = logger;
    this.telemetry = telemetry;
    this.#principalId = principalId;
  }

  /** The observer the options ask for, or undefined when they ask for nothing (no `info` logger, no telemetry). */
  static of(options: ServerOptions, logger: Logger): Observer | undefined {
    const access = options.accessLog !== false && typeof logger.info === "function" ? logger : undefined;
    if (access === undefined && options.telemetry === undefined) return undefined;
    return new Observer(access, options.telemetry && createTelemetry(options.telemetry), options.principalId);
  }

  /** Whether a request now has anything to observe: an access log, or telemetry an SDK records. */
  #active(): boolean {
    return this.#logger !== undefined || this.telemetry!.live();
  }

  /**
   * Begins observing a request (stored on its state); `contract` undefined for one no operation
   * took. Undefined when there is nothing to observe (telemetry installed, no SDK registered).
   */
  start<P>(state: RequestState<P>, contract: OperationContract | undefined): Observation | undefined {
    if (!this.#active()) return undefined;
    const observation = new Observation(this, state, contract?.path);
    state.observation = observation;
    return observation;
  }

  /** Runs `run` (the rest of the pipeline) inside the request's observation, which ends with its response. */
  observe<P>(state: RequestState<P>, contract: OperationContract, run: () => RawResponse | Promise<RawResponse>): RawResponse | Promise<RawResponse> {
    const observation = this.start(state, contract);
    if (observation === undefined) return run();
    const response = observation.within(run);
    if (response instanceof Promise) return response.then((ready) => observation.end(ready));
    return observation.end(response);
  }

  /** The access line, when there is an access logger. */
  log(state: RequestState<unknown>, route: string | undefined, response: RawResponse, durationMs: number): void {
    if (this.#logger === undefined) return;
    const record: AccessRecord = { method: state.raw.method, status: response.status, durationMs, requestId: state.requestId, replayed: response.headers["idempotent-replayed"] === "true" };
    if (route !== undefined) record.route = route;
    const principal = state.principal;
    const id = principal === undefined || this.#principalId === undefined ? undefined : this.#principalId(principal);
    if (id !== undefined) record.principalId = String(id);
    this.#logger.info!("HTTP request", record as unknown as Record<string, unknown>);
  }
}

/**
 * What the rest of the runtime calls on a request's observation. RequestState holds it by this
 * interface, not by the class: a class with private fields is nominal, and the checked copies
 * apigen's tests compile of every runtime file must be able to store theirs.
 */
export interface RequestObservation {
  /** Runs `fn` with the request's span as the active context. */
  within<T>(fn: () => T): T;
  /** Records an unexpected error (the span's exception and error type). */
  failed(error: unknown): void;
  /** Ends the observation with the response (access line, span, metrics) and returns it. */
  end(response: RawResponse): RawResponse;
}

/** One request under observation: its start, its span and the span's context. */
export class Observation implements RequestObservation {
  readonly #observer: Observer;
  readonly #state: RequestState<unknown>;
  readonly #route: string | undefined;
  readonly #started: number;
  readonly #span: TelemetrySpan | undefined;
  readonly #context: unknown;
  readonly #activeAttributes: TelemetryAttributes | undefined;
  #errorType: string | undefined = undefined;
  #ended = false;

  constructor(observer: Observer, state: RequestState<any>, route: string | undefined) {
    this.#observer = observer;
    this.#state = state;
    this.#route = route;
    this.#started = performance.now();
    const telemetry = observer.telemetry;
    if (telemetry === undefined) return;
    const { api } = telemetry;
    const raw = state.raw;
    const method = methodAttribute(raw.method);
    // The caller's trace, from its `traceparent`, is the parent (through the registered propagator).
    const parent = api.propagation.extract(api.context.active(), raw.headers);
    const span = telemetry.tracer.startSpan(spanName(method, route), { kind: SPAN_KIND_SERVER }, parent);
    if (span.isRecording()) setRequestAttributes(span, state, method, route);
    this.#span = span;
    // A span in no trace (no SDK, no caller's trace) has no context worth activating: the handler runs as it is.
    this.#context = span.isRecording() || span.spanContext().traceId !== INVALID_TRACE_ID ? api.trace.setSpan(parent, span) : undefined;
    if (telemetry.active) {
      this.#activeAttributes = { "http.request.method": method, "url.scheme": raw.scheme ?? "http", "http.route": route };
      telemetry.active.add(1, this.#activeAttributes);
    }
  }

  /** Runs `fn` with the request's span as the active one (the handler's own spans become its children). */
  within<T>(fn: () => T): T {
    const telemetry = this.#observer.telemetry;
    return telemetry === undefined || this.#context === undefined ? fn() : telemetry.api.context.with(this.#context, fn);
  }

  /** An unexpected error the request failed with (its 500): recorded on the span, its class as `error.type`. */
  failed(error: unknown): void {
    this.#errorType = (error as { constructor?: { name?: unknown } } | null)?.constructor?.name as string | undefined;
    if (this.#span?.isRecording()) this.#span.recordException(error instanceof Error ? error : String(error));
  }

  /**
   * Ends the observation with the response the adapter is given (only the first call counts);
   * returns it. A streamed response's observation ends with its stream: the access line's duration
   * and the span cover the whole stream, not just its head.
   */
  end(response: RawResponse): RawResponse {
    if (this.#ended) return response;
    this.#ended = true;
    if (response.stream !== undefined) response.stream.onClose(() => this.#finish(response));
    else this.#finish(response);
    return response;
  }

  #finish(response: RawResponse): void {
    const ms = performance.now() - this.#started;
    this.#observer.log(this.#state, this.#route, response, Math.round(ms * 1000) / 1000);
    const telemetry = this.#observer.telemetry;
    if (telemetry === undefined) return;
    const status = response.status;
    const errorType = status >= 500 ? (this.#errorType ?? String(status)) : undefined;
    const span = this.#span!;
    if (span.isRecording()) {
      span.setAttribute("http.response.status_code", status);
      if (errorType !== undefined) {
        span.setAttribute("error.type", errorType);
        span.setStatus({ code: SPAN_STATUS_ERROR });
      }
    }
    span.end();
    if (this.#activeAttributes) telemetry.active!.add(-1, this.#activeAttributes);
    telemetry.duration?.record(ms / 1000, {
      "http.request.method": methodAttribute(this.#state.raw.method),
      "url.scheme": this.#state.raw.scheme ?? "http",
      "http.route": this.#route,
      "http.response.status_code": status,
      "error.type": errorType,
    });
  }
}

/** `GET /orders/{orderId}`; a request no operation took: the method alone (`HTTP` for an unknown one). */
function spanName(method: string, route: string | undefined): string {
  const name = method === "_OTHER" ? "HTTP" : method;
  return route === undefined ? name : `${name} ${route}`;
}

/** The HTTP server span's attributes known when the request arrives (OpenTelemetry's semantic conventions). */
function setRequestAttributes(span: TelemetrySpan, state: RequestState<unknown>, method: string, route: string | undefined): void {
  const raw = state.raw;
  const attributes: TelemetryAttributes = {
    "http.request.method": method,
    // The path only: a query may hold an API key (`in: query`), and the access line and spans never carry credentials.
    "url.path": state.pathname,
    "url.scheme": raw.scheme ?? "http",
    "http.route": route,
    "network.protocol.version": raw.protocolVersion,
    // Every response carries the request id in `X-Request-Id`; this is that header, as the conventions name response headers.
    "http.response.header.x-request-id": [state.requestId],
  };
  if (method === "_OTHER") attributes["http.request.method_original"] = raw.method;
  const agent = raw.headers["user-agent"];
  if (agent !== undefined) attributes["user_agent.original"] = Array.isArray(agent) ? agent.join(", ") : agent;
  hostAttributes(raw.headers["host"], attributes);
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) span.setAttribute(key, value);
  }
}
