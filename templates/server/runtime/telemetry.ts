/**
 * What the runtime uses of OpenTelemetry's API (`@opentelemetry/api`, an optional peer): the
 * server's spans and metrics go through whatever SDK the application registered, and with none
 * registered the API's no-op implementations make them cost next to nothing. The types are the
 * subset the runtime calls, declared here so that a server without the package still compiles;
 * the module itself (`import * as api from "@opentelemetry/api"`) fits them.
 */

/** An attribute value as OpenTelemetry takes it. */
export type TelemetryValue = string | number | boolean | string[];
export type TelemetryAttributes = Record<string, TelemetryValue | undefined>;

export interface TelemetrySpan {
  setAttribute(key: string, value: TelemetryValue): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: unknown): void;
  isRecording(): boolean;
  spanContext(): { traceId: string };
  end(): void;
}

export interface TelemetryTracer {
  startSpan(name: string, options: { kind: number; attributes?: TelemetryAttributes }, context: unknown): TelemetrySpan;
}

export interface TelemetryHistogram {
  record(value: number, attributes?: TelemetryAttributes): void;
}

export interface TelemetryUpDownCounter {
  add(value: number, attributes?: TelemetryAttributes): void;
}

export interface TelemetryMeter {
  createHistogram(name: string, options: { description?: string; unit?: string; advice?: { explicitBucketBoundaries?: number[] } }): TelemetryHistogram;
  createUpDownCounter(name: string, options: { description?: string; unit?: string }): TelemetryUpDownCounter;
}

/** `@opentelemetry/api` as the runtime uses it: pass the module (`import * as api from "@opentelemetry/api"`). */
export interface TelemetryApi {
  trace: {
    getTracer(name: string, version?: string): TelemetryTracer;
    /** The global provider: a proxy (`getDelegate()`) in @opentelemetry/api. */
    getTracerProvider?(): object;
    setSpan(context: any, span: any): any;
  };
  context: {
    active(): any;
    with<T>(context: any, fn: () => T): T;
  };
  propagation: {
    extract(context: any, carrier: any): any;
  };
  /** Absent: no metrics (an API older than 1.3). */
  metrics?: { getMeter(name: string, version?: string): TelemetryMeter } | undefined;
  /** The API's own no-op pieces, to tell "installed but no SDK registered" (nothing to do) apart. */
  ProxyTracerProvider?: new () => { getDelegate(): unknown };
  createNoopMeter?: () => object;
}

/** The trace id of a span that belongs to no trace: what the API's no-op tracer gives when there is no SDK and no parent. */
export const INVALID_TRACE_ID = "00000000000000000000000000000000";

// The API's enum values, stable across its versions (SpanKind, SpanStatusCode).
export const SPAN_KIND_SERVER = 1;
export const SPAN_STATUS_ERROR = 2;

/** The instrumentation scope's name: spans and metrics of the generated server. */
export const SCOPE = "apigen-server";

/** The semantic conventions' buckets for `http.server.request.duration` (seconds). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** What a runtime made of the API once: its tracer and its instruments. */
export interface Telemetry {
  api: TelemetryApi;
  tracer: TelemetryTracer;
  duration: TelemetryHistogram | undefined;
  active: TelemetryUpDownCounter | undefined;
  /**
   * False while an SDK would record nothing: no tracer provider registered (asked per request, an
   * SDK may register after the server was made) and no meter provider when the instruments were
   * made. Requests then skip the observation entirely instead of feeding the API's no-ops.
   */
  live(): boolean;
}

export function createTelemetry(api: TelemetryApi): Telemetry {
  const meter = api.metrics?.getMeter(SCOPE);
  // The API hands out a NoopMeter when no SDK registered one; its instruments never record.
  const noopMeter = api.createNoopMeter?.();
  const metered = meter !== undefined && (noopMeter === undefined || meter.constructor !== noopMeter.constructor);
  const traced = tracingRegistered(api);
  return {
    api,
    tracer: api.trace.getTracer(SCOPE),
    duration: metered ? meter.createHistogram("http.server.request.duration", { description: "Duration of HTTP server requests.", unit: "s", advice: { explicitBucketBoundaries: DURATION_BUCKETS } }) : undefined,
    active: metered ? meter.createUpDownCounter("http.server.active_requests", { description: "Number of active HTTP server requests.", unit: "{request}" }) : undefined,
    live: metered ? () => true : traced,
  };
}

/**
 * Whether a tracer provider is registered now: the global provider is a proxy whose delegate is the
 * API's no-op one until an SDK registers. An API without these (another implementation) is taken
 * as registered.
 */
function tracingRegistered(api: TelemetryApi): () => boolean {
  const provider = api.trace.getTracerProvider?.() as { getDelegate?(): unknown } | undefined;
  if (provider?.getDelegate === undefined || api.ProxyTracerProvider === undefined) return () => true;
  const noop = new api.ProxyTracerProvider().getDelegate();
  return () => provider.getDelegate!() !== noop;
}

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY"]);

/** `http.request.method`: the method, or `_OTHER` for one HTTP does not define (keeps the attribute's values few). */
export function methodAttribute(method: string): string {
  return KNOWN_METHODS.has(method) ? method : "_OTHER";
}

/** `server.address` and `server.port` from the Host header (`host`, `host:port`, `[::1]:port`). */
export function hostAttributes(host: string | string[] | undefined, attributes: TelemetryAttributes): void {
  const value = Array.isArray(host) ? host[0] : host;
  if (!value) return;
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(value);
  if (!match) return;
  attributes["server.address"] = match[1]!.replace(/^\[|\]$/g, "");
  if (match[2] !== undefined) attributes["server.port"] = Number(match[2]);
}
