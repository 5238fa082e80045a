/**
 * The runtime's observation point (runtime/server/observe.ts): one access line per request with
 * what the issue lists, a server span per request through OpenTelemetry's API with the SDK in
 * memory (parent from `traceparent`, the handler's own spans its children, 5xx an error), and the
 * HTTP server metrics; nothing at all when neither is configured.
 */
import "./copy-runtime.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";
import type { Handler } from "../../../.tmp/runtime-server-test/runtime/server/pipeline.js";
import type { TelemetryApi } from "../../../.tmp/runtime-server-test/runtime/server/telemetry.js";
import type { Logger, OperationContract, ServerOptions } from "../../../.tmp/runtime-server-test/runtime/server/types.js";
import { installInMemoryOtel, onlySpan } from "../../helpers/otel.js";
import { type RawInit, rawRequest } from "./helpers.js";

const otel = installInMemoryOtel();
const telemetry: TelemetryApi = otel.api;
const problemJson = { contentTypes: ["application/problem+json"] };

const getOrder: OperationContract = {
  id: "getOrder",
  method: "GET",
  path: "/orders/{orderId}",
  pathParams: { orderId: "orderId" },
  params: { path: z.object({ orderId: z.string() }) },
  headerNames: [],
  responses: { "200": { contentTypes: ["application/json"] }, "4XX": problemJson, default: problemJson },
  security: [[{ scheme: "bearer", scopes: [] }]],
};
const createOrder: OperationContract = {
  id: "createOrder",
  method: "POST",
  path: "/orders",
  pathParams: {},
  params: {},
  headerNames: ["Idempotency-Key"],
  body: { required: true, contentTypes: ["application/json"], schemas: { "application/json": z.object({ note: z.string() }) } },
  responses: { "201": { contentTypes: ["application/json"] }, "4XX": problemJson, default: problemJson },
  idempotency: { header: "Idempotency-Key" },
};

type User = { id: string };
const bearer = (c: { token: string }) => (c.token === "secret-token" ? { principal: { id: "user-7" } } : undefined);

function capturingLogger() {
  const lines: { level: string; message: string; details: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, details: Record<string, unknown>) => void lines.push({ level, message, details });
  return { lines, logger: { error: at("error"), warn: at("warn"), info: at("info") } satisfies Logger };
}

function setup(options: ServerOptions) {
  const runtime = rt.createServerRuntime<User>({ schemes: { bearer: { type: "http", scheme: "bearer" } }, verifiers: { bearer }, contracts: [getOrder, createOrder], options: { validateResponses: false, ...options } });
  const call = (contract: OperationContract, handler: Handler<User>, init: RawInit) => Promise.resolve(runtime.handle(contract, handler, rawRequest({ method: contract.method, ...init })));
  return { runtime, call };
}

const found: Handler<User> = (request) => ({ status: 200, body: { id: (request.path as { orderId: string }).orderId } });
const authorized = { authorization: "Bearer secret-token", host: "api.example:8443", "user-agent": "test-agent/1" };

describe("access lines", () => {
  it("logs one line per request: method, route template, status, duration, request id, principal id, replay", async () => {
    const { lines, logger } = capturingLogger();
    const { runtime, call } = setup({ logger, principalId: (user: User) => user.id });
    await call(getOrder, found, { url: "/orders/o1", pathParams: { orderId: "o1" }, headers: { ...authorized, "x-request-id": "rid-1" } });
    await call(getOrder, found, { url: "/orders/o1", pathParams: { orderId: "o1" }, headers: { "x-request-id": "rid-2" } });
    runtime.unmatched(rawRequest({ method: "GET", url: "/nowhere?token=x", headers: { "x-request-id": "rid-3" } }));
    runtime.errorResponse(new Error("boom"), rawRequest({ method: "GET", url: "/orders/o1", headers: { "x-request-id": "rid-4" } }));
    const access = lines.filter((line) => line.level === "info");
    expect(access.map((line) => line.message)).toEqual(["HTTP request", "HTTP request", "HTTP request", "HTTP request"]);
    const records = access.map(({ details: { durationMs, ...rest } }) => {
      expect(durationMs).toBeTypeOf("number");
      expect(durationMs as number).toBeGreaterThanOrEqual(0);
      return rest;
    });
    expect(records).toEqual([
      { method: "GET", route: "/orders/{orderId}", status: 200, requestId: "rid-1", principalId: "user-7", replayed: false },
      { method: "GET", route: "/orders/{orderId}", status: 401, requestId: "rid-2", replayed: false },
      { method: "GET", status: 404, requestId: "rid-3", replayed: false },
      { method: "GET", status: 500, requestId: "rid-4", replayed: false },
    ]);
  });

  it("marks an idempotency replay", async () => {
    const { lines, logger } = capturingLogger();
    const { call } = setup({ logger });
    const init = { url: "/orders", headers: { "content-type": "application/json", "idempotency-key": "k1" }, body: '{"note":"x"}' };
    const created: Handler<User> = () => ({ status: 201, body: { ok: true } });
    await call(createOrder, created, init);
    await call(createOrder, created, init);
    expect(lines.filter((line) => line.level === "info").map((line) => [line.details["status"], line.details["replayed"]])).toEqual([
      [201, false],
      [201, true],
    ]);
  });

  it("is off with accessLog: false, and without a logger that has info (the default)", async () => {
    const { lines, logger } = capturingLogger();
    await setup({ logger, accessLog: false }).call(getOrder, found, { url: "/orders/o1", pathParams: { orderId: "o1" }, headers: authorized });
    expect(lines).toEqual([]);
    const { runtime } = setup({ logger: { error: logger.error, warn: logger.warn } });
    // No observer at all: the request state carries no observation.
    expect(runtime.begin(rawRequest({ url: "/orders/o1" }), getOrder).observation).toBeUndefined();
  });
});

describe("server spans", () => {
  const traceId = "0af7651916cd43dd8448eb211c80319c";
  const parentId = "b7ad6b7169203331";

  it("a SERVER span named by the route template, child of the caller's traceparent, with the HTTP semantic-convention attributes", async () => {
    otel.reset();
    const { call } = setup({ telemetry });
    const inner: Handler<User> = (request) => {
      // The handler runs inside the server span's context: its own spans are children.
      otel.api.trace.getTracer("handler").startSpan("inner work").end();
      return found(request);
    };
    const headers = { ...authorized, "x-request-id": "rid-9", traceparent: `00-${traceId}-${parentId}-01` };
    expect((await call(getOrder, inner, { url: "/orders/o1?secret=1", pathParams: { orderId: "o1" }, headers })).status).toBe(200);
    const server = onlySpan(otel.spans(), "GET /orders/{orderId}");
    expect(server.kind).toBe(otel.api.SpanKind.SERVER);
    expect(server.spanContext().traceId).toBe(traceId);
    expect(server.parentSpanContext?.spanId).toBe(parentId);
    expect(server.attributes).toEqual({
      "http.request.method": "GET",
      "url.path": "/orders/o1",
      "url.scheme": "http",
      "http.route": "/orders/{orderId}",
      "http.response.header.x-request-id": ["rid-9"],
      "user_agent.original": "test-agent/1",
      "server.address": "api.example",
      "server.port": 8443,
      "http.response.status_code": 200,
    });
    expect(server.status.code).toBe(otel.api.SpanStatusCode.UNSET);
    expect(onlySpan(otel.spans(), "inner work").parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });

  it("does nothing while no SDK is registered (the API installed alone), and observes once one registers", async () => {
    otel.reset();
    // The API as an application without an SDK sees it: the global proxy provider delegating to
    // the API's no-op, and no-op meters. This proxy is the test's own, so the SDK can register late.
    const proxy = new otel.api.ProxyTracerProvider();
    const unregistered: TelemetryApi = {
      trace: { getTracer: (name) => proxy.getTracer(name), getTracerProvider: () => proxy, setSpan: (context, span) => otel.api.trace.setSpan(context, span) },
      context: otel.api.context,
      propagation: otel.api.propagation,
      metrics: { getMeter: () => otel.api.createNoopMeter() },
      ProxyTracerProvider: otel.api.ProxyTracerProvider,
      createNoopMeter: otel.api.createNoopMeter,
    };
    const { runtime, call } = setup({ telemetry: unregistered });
    // No observation is made at all (what the bench measures: no cost), not merely a no-op one.
    expect(runtime.begin(rawRequest({ url: "/orders/o0" }), getOrder).observation).toBeUndefined();
    let observed: unknown = "unset";
    const peek: Handler<User> = (request) => {
      observed = otel.api.trace.getActiveSpan();
      return found(request);
    };
    expect((await call(getOrder, peek, { url: "/orders/o1", pathParams: { orderId: "o1" }, headers: authorized })).status).toBe(200);
    expect(observed).toBeUndefined();
    expect(otel.spans()).toEqual([]);
    proxy.setDelegate((otel.api.trace.getTracerProvider() as InstanceType<typeof otel.api.ProxyTracerProvider>).getDelegate());
    expect((await call(getOrder, peek, { url: "/orders/o2", pathParams: { orderId: "o2" }, headers: authorized })).status).toBe(200);
    expect(onlySpan(otel.spans(), "GET /orders/{orderId}").attributes["url.path"]).toBe("/orders/o2");
    expect(observed).toBeDefined();
    expect(runtime.begin(rawRequest({ url: "/orders/o3" }), getOrder).observation).toBeDefined();
  });

  it("records a handler's exception and the 500 as an error; a 4xx is not a server error; an unmatched request is named by its method", async () => {
    otel.reset();
    const { call, runtime } = setup({ telemetry, logger: capturingLogger().logger });
    await call(getOrder, () => Promise.reject(new TypeError("handler broke")), { url: "/orders/o1", pathParams: { orderId: "o1" }, headers: authorized });
    await call(getOrder, found, { url: "/orders/o1", pathParams: { orderId: "o1" } });
    runtime.unmatched(rawRequest({ method: "BREW", url: "/pot" }));
    const [failed, refused, unmatched] = otel.spans();
    expect(failed!.status.code).toBe(otel.api.SpanStatusCode.ERROR);
    expect(failed!.attributes).toMatchObject({ "http.response.status_code": 500, "error.type": "TypeError" });
    expect(failed!.events.map((event) => [event.name, event.attributes?.["exception.message"]])).toEqual([["exception", "handler broke"]]);
    expect([refused!.status.code, refused!.attributes["http.response.status_code"], refused!.attributes["error.type"]]).toEqual([otel.api.SpanStatusCode.UNSET, 401, undefined]);
    expect([unmatched!.name, unmatched!.attributes["http.route"], unmatched!.attributes["http.request.method"], unmatched!.attributes["http.request.method_original"]]).toEqual(["HTTP", undefined, "_OTHER", "BREW"]);
  });
});

describe("metrics", () => {
  it("http.server.request.duration (s) by method, route and status; http.server.active_requests up while a request runs, down after", async () => {
    const { call } = setup({ telemetry });
    const before = await durationCounts();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: Handler<User> = async (request) => {
      await held;
      return found(request);
    };
    const pending = call(getOrder, slow, { url: "/orders/o2", pathParams: { orderId: "o2" }, headers: authorized });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const active = async () => {
      const metric = (await otel.metrics()).scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === "http.server.active_requests")!;
      return metric.dataPoints.find((point) => point.attributes["http.route"] === "/orders/{orderId}")?.value;
    };
    expect(await active()).toBe(1);
    release();
    await pending;
    await call(getOrder, found, { url: "/orders/o3", pathParams: { orderId: "o3" } });
    expect(await active()).toBe(0);
    const after = await durationCounts();
    const route = { "http.request.method": "GET", "url.scheme": "http", "http.route": "/orders/{orderId}" };
    // The other tests' requests count too (one meter for the file): compared with the counts before.
    expect(after.unit).toBe("s");
    expect(after.count({ ...route, "http.response.status_code": 200 }) - before.count({ ...route, "http.response.status_code": 200 })).toBe(1);
    expect(after.count({ ...route, "http.response.status_code": 401 }) - before.count({ ...route, "http.response.status_code": 401 })).toBe(1);
  });
});

/** The request-duration histogram's count per attribute set, as collected now. */
async function durationCounts() {
  const metric = (await otel.metrics()).scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === "http.server.request.duration");
  const points = metric?.dataPoints ?? [];
  return {
    unit: metric?.descriptor.unit,
    count: (attributes: Record<string, unknown>) => points.filter((point) => JSON.stringify(point.attributes) === JSON.stringify(attributes)).reduce((sum, point) => sum + (point.value as { count: number }).count, 0),
  };
}
