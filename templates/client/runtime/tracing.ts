/**
 * Client spans for OpenTelemetry, opt in: `createClient({ middleware: [tracing(api)] })` with
 * `import * as api from "@opentelemetry/api"`. Each attempt (retries included) is a span of kind
 * CLIENT, a child of the caller's active span, and its `traceparent` (through the registered
 * propagator) goes with the request, so the server's span becomes the child of this one. Its own
 * module, imported by the application only: a client without it carries none of this code.
 *
 * Put it first in `middleware`, so the span covers the other middleware (and the request they
 * sign is the one sent with `traceparent`). The URL is recorded without its query, which may hold
 * an API key.
 */
import type { Middleware, RequestContext } from "./types.js";

type Attribute = string | number | boolean;

export interface ClientSpan {
  setAttribute(key: string, value: Attribute): unknown;
  setStatus(status: { code: number }): unknown;
  recordException(exception: unknown): void;
  end(): void;
}

/** `@opentelemetry/api` as the middleware uses it: pass the module. */
export interface ClientTelemetryApi {
  trace: {
    getTracer(name: string, version?: string): { startSpan(name: string, options: { kind: number; attributes?: Record<string, Attribute> }, context: unknown): ClientSpan };
    setSpan(context: any, span: any): any;
  };
  context: { active(): any };
  propagation: { inject(context: any, carrier: any, setter: { set(carrier: any, key: string, value: string): void }): void };
}

// The API's enum values (SpanKind.CLIENT, SpanStatusCode.ERROR), stable across its versions.
const SPAN_KIND_CLIENT = 2;
const SPAN_STATUS_ERROR = 2;

/** Sets propagation fields on the attempt's Headers (the API's default setter would set properties on the object). */
const headersSetter = { set: (headers: Headers, key: string, value: string) => headers.set(key, value) };

/** The tracing middleware: a CLIENT span per attempt, named by the operation (`getOrder`), with `traceparent` sent. */
export function tracing(api: ClientTelemetryApi): Middleware {
  const tracer = api.trace.getTracer("apigen-client");
  // Each attempt has a context of its own; a span is removed once ended.
  const spans = new WeakMap<RequestContext, ClientSpan>();
  return {
    onRequest(context) {
      const parent = api.context.active();
      const span = tracer.startSpan(context.operation, { kind: SPAN_KIND_CLIENT, attributes: requestAttributes(context) }, parent);
      spans.set(context, span);
      api.propagation.inject(api.trace.setSpan(parent, span), context.init.headers, headersSetter);
    },
    onResponse(context, response) {
      const span = spans.get(context);
      if (!span) return;
      spans.delete(context);
      span.setAttribute("http.response.status_code", response.status);
      // For a client every 4xx and 5xx is a failed request.
      if (response.status >= 400) {
        span.setAttribute("error.type", String(response.status));
        span.setStatus({ code: SPAN_STATUS_ERROR });
      }
      span.end();
    },
    onError(context, error) {
      // A span still open: the attempt failed without a response (network error, timeout, abort).
      const span = spans.get(context);
      if (!span) return;
      spans.delete(context);
      span.recordException(error instanceof Error ? error : String(error));
      span.setAttribute("error.type", error instanceof Error ? error.name : "Error");
      span.setStatus({ code: SPAN_STATUS_ERROR });
      span.end();
    },
  };
}

/** The HTTP client span's attributes (OpenTelemetry's semantic conventions), the URL without its query. */
function requestAttributes(context: RequestContext): Record<string, Attribute> {
  const attributes: Record<string, Attribute> = { "http.request.method": (context.init.method ?? "GET").toUpperCase() };
  if (context.attempt > 0) attributes["http.request.resend_count"] = context.attempt;
  let url: URL | undefined;
  try {
    url = new URL(context.url, (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    return attributes;
  }
  attributes["url.full"] = url.origin + url.pathname;
  attributes["server.address"] = url.hostname.replace(/^\[|\]$/g, "");
  attributes["server.port"] = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  return attributes;
}
