import "./copy-runtime.js";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { problem } from "../../../.tmp/runtime-server-test/runtime/problem-details.js";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";
import type { Handler } from "../../../.tmp/runtime-server-test/runtime/server/pipeline.js";
import type { OperationContract, SecuritySchemeSpec, ServerOptions, Verifier } from "../../../.tmp/runtime-server-test/runtime/server/types.js";
import { json, type RawInit, rawRequest, recordingLogger } from "./helpers.js";

const Order = z.object({ id: z.string(), items: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive() })) });
const problemJson = { contentTypes: ["application/problem+json"] };
const limit = z.preprocess((v) => (typeof v === "string" ? Number(v) : v), z.number().int().min(1).max(100));

const createOrder: OperationContract = {
  id: "createOrder",
  method: "POST",
  path: "/orders",
  pathParams: {},
  params: { headers: z.object({ "Idempotency-Key": z.string().max(64).optional() }) },
  headerNames: ["Idempotency-Key"],
  body: { required: true, contentTypes: ["application/json"], schemas: { "application/json": Order.omit({ id: true }) } },
  responses: { "201": { contentTypes: ["application/json"], schema: Order, headers: ["Location"] }, "4XX": problemJson, default: problemJson },
  security: [[{ scheme: "bearer", scopes: ["orders:write"] }]],
  idempotency: { header: "Idempotency-Key" },
};
const getOrder: OperationContract = {
  id: "getOrder",
  method: "GET",
  path: "/orders/{orderId}",
  pathParams: { orderId: "orderId" },
  params: { path: z.object({ orderId: z.string().regex(/^o\d+$/) }) },
  headerNames: [],
  responses: { "200": { contentTypes: ["application/json"], schema: Order }, "404": problemJson },
  security: [[{ scheme: "bearer", scopes: [] }], []],
};
const updateOrder: OperationContract = { ...getOrder, id: "updateOrder", method: "PUT", body: { required: true, contentTypes: ["application/json"], schemas: { "application/json": Order.omit({ id: true }) } } };
const listOrders: OperationContract = {
  id: "listOrders",
  method: "GET",
  path: "/orders",
  pathParams: {},
  params: { query: z.object({ limit: limit.optional(), cursor: z.string().optional() }) },
  headerNames: [],
  responses: { "200": { contentTypes: ["application/json"] }, "400": problemJson },
  deprecated: { sunset: "2030-01-31" },
};
const deleteOrder: OperationContract = { ...getOrder, id: "deleteOrder", method: "DELETE", security: undefined, responses: { "204": { contentTypes: [] } } };
const report: OperationContract = { id: "report", method: "GET", path: "/report", pathParams: {}, params: {}, headerNames: [], responses: { "200": { contentTypes: ["text/csv"] } } };
const contracts = [createOrder, getOrder, updateOrder, listOrders, deleteOrder, report];

const schemes: Record<string, SecuritySchemeSpec> = { bearer: { type: "http", scheme: "bearer" } };
const bearer: Verifier<any, { user: string }> = (c) =>
  c.token.startsWith("writer") ? { principal: { user: c.token }, scopes: ["orders:write"] } : c.token === "reader" ? { principal: { user: "reader" }, scopes: [] } : undefined;

function setup(options: ServerOptions = {}) {
  const logger = recordingLogger();
  const runtime = rt.createServerRuntime({ schemes, verifiers: { bearer }, contracts, options: { logger, validateResponses: true, ...options } });
  const call = (contract: OperationContract, handler: Handler<{ user: string }>, init: RawInit) => {
    const raw = rawRequest({ method: contract.method, ...init });
    return Promise.resolve(runtime.handle(contract, handler, raw)).then((response) => Object.assign(response, { raw }));
  };
  return { runtime, logger, call };
}

const writer = { authorization: "Bearer writer", "content-type": "application/json" };
const orderBody = JSON.stringify({ items: [{ sku: "a", quantity: 2 }] });
const created: Handler<{ user: string }> = (req) => ({ status: 201, body: { id: "o1", ...(req.body as object) }, headers: { Location: "/orders/o1", "X-Count": 1, "X-None": undefined } });

describe("handle: the happy path", () => {
  it("authenticates, validates and answers with the declared media type and headers", async () => {
    const { call } = setup();
    const handler = vi.fn(created);
    const response = await call(createOrder, handler, { url: "/orders", headers: { ...writer, "x-request-id": "req-1" }, body: orderBody });
    expect(response.status).toBe(201);
    expect(response.headers).toEqual({ "x-request-id": "req-1", "x-content-type-options": "nosniff", "cache-control": "no-store", location: "/orders/o1", "x-count": "1", "content-type": "application/json" });
    expect(response.body).toBe('{"id":"o1","items":[{"sku":"a","quantity":2}]}');
    const request = handler.mock.calls[0]![0];
    expect(request).toMatchObject({ requestId: "req-1", principal: { user: "writer" }, body: { items: [{ sku: "a", quantity: 2 }] }, headers: {} });
    expect(request.signal).toBeInstanceOf(AbortSignal);
  });

  it("pretty-prints JSON only when asked", async () => {
    const response = await setup({ prettyJson: true }).call(listOrders, () => ({ status: 200, body: { a: 1 } }), { url: "/orders" });
    expect(response.body).toBe('{\n  "a": 1\n}');
  });

  it("sends Deprecation and Sunset on deprecated operations", async () => {
    const response = await setup().call(listOrders, () => ({ status: 200, body: [] }), { url: "/orders?limit=5&unknown=1" });
    expect(response.headers).toMatchObject({ deprecation: "true", sunset: "Thu, 31 Jan 2030 00:00:00 GMT" });
  });

  it("never sends a body or content type on 204, and sends text as declared", async () => {
    const { call } = setup({ validateResponses: false });
    const deleted = await call(deleteOrder, () => ({ status: 204, body: { ignored: true } }), { url: "/orders/o1", pathParams: { orderId: "o1" } });
    expect([deleted.status, deleted.body, deleted.headers["content-type"]]).toEqual([204, undefined, undefined]);
    const csv = await call(report, () => ({ status: 200, body: "a,b\n1,2\n" }), { url: "/report" });
    expect([csv.headers["content-type"], csv.body]).toEqual(["text/csv; charset=utf-8", "a,b\n1,2\n"]);
  });

  it("parses a body as its declared media type: one declared */* reaches the handler as bytes, whatever the client says it is", async () => {
    const upload: OperationContract = { id: "upload", method: "POST", path: "/upload", pathParams: {}, params: {}, headerNames: [], body: { required: true, contentTypes: ["*/*"], schemas: { "*/*": undefined } }, responses: { "204": { contentTypes: [] } } };
    const handler = vi.fn((): { status: number } => ({ status: 204 }));
    const response = await setup().call(upload, handler, { method: "POST", url: "/upload", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    expect(response.status).toBe(204);
    const request = (handler.mock.calls[0] as unknown[])[0] as { body: unknown; contentType: string };
    expect(Buffer.isBuffer(request.body)).toBe(true);
    expect((request.body as Buffer).toString()).toBe('{"a":1}');
    expect(request.contentType).toBe("*/*");
  });

  it("ignores a body sent to an operation without a request body, without reading it", async () => {
    const response = await setup().call(listOrders, () => ({ status: 200, body: [] }), { url: "/orders", headers: { "content-type": "text/plain" }, body: "x" });
    expect(response.status).toBe(200);
    expect(response.raw.bodyReads).toBe(0);
  });
});

describe("handle: refusals, in pipeline order", () => {
  it("401 with the challenge, before reading the body", async () => {
    const response = await setup().call(createOrder, created, { url: "/orders?x=1", headers: { "content-type": "application/json", "x-request-id": "rid" }, body: "{bad" });
    expect(response.status).toBe(401);
    expect(response.headers).toEqual({ "www-authenticate": 'Bearer realm="api", scope="orders:write"', "content-type": "application/problem+json", "x-content-type-options": "nosniff", "x-request-id": "rid", "cache-control": "no-store" });
    expect(json(response)).toEqual({ type: "about:blank", title: "Unauthorized", status: 401, detail: expect.any(String), code: "AUTHENTICATION_REQUIRED", instance: "/orders", request_id: "rid" });
    expect(response.raw.bodyReads).toBe(0);
  });

  it("403 for a missing scope, without a challenge", async () => {
    const response = await setup().call(createOrder, created, { url: "/orders", headers: { ...writer, authorization: "Bearer reader" }, body: orderBody });
    expect(response.status).toBe(403);
    expect(response.headers["www-authenticate"]).toBeUndefined();
    expect(json(response).code).toBe("INSUFFICIENT_SCOPE");
  });

  it("406, 413 (Content-Length), 415 and 400 malformed JSON", async () => {
    const { call } = setup({ bodyLimit: 64 });
    const codeOf = async (init: RawInit) => {
      const response = await call(createOrder, created, { url: "/orders", ...init, headers: { ...writer, ...init.headers } });
      return [response.status, json(response).code];
    };
    expect(await codeOf({ headers: { accept: "text/html" }, body: orderBody })).toEqual([406, "NOT_ACCEPTABLE"]);
    expect(await codeOf({ body: JSON.stringify({ items: Array(20).fill({ sku: "a", quantity: 1 }) }) })).toEqual([413, "PAYLOAD_TOO_LARGE"]);
    expect(await codeOf({ headers: { "content-type": "text/plain" }, body: "hi" })).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
    expect(await codeOf({ body: '{"items": [' })).toEqual([400, "MALFORMED_REQUEST_BODY"]);
    expect(await codeOf({ headers: { "content-type": "application/json; charset=UTF-8" }, body: orderBody })).toEqual([201, undefined]);
  });

  it("400 with every failing field, across locations", async () => {
    const response = await setup().call(createOrder, created, { url: "/orders", headers: { ...writer, "idempotency-key": "k".repeat(65) }, body: '{"items":[{"sku":1,"quantity":0}]}' });
    expect(response.status).toBe(400);
    expect(json(response).errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/headers/Idempotency-Key", "/body/items/0/sku", "/body/items/0/quantity"]);
    const missing = await setup().call(createOrder, created, { url: "/orders", headers: writer });
    expect(json(missing).errors).toEqual([{ pointer: "/body", message: "A request body is required." }]);
  });

  it("validates path and query parameters", async () => {
    const { call } = setup();
    const bad = await call(getOrder, () => ({ status: 200, body: {} }), { url: "/orders/42", pathParams: { orderId: "42" } });
    expect(json(bad).errors[0].pointer).toBe("/path/orderId");
    const query = await call(listOrders, () => ({ status: 200, body: [] }), { url: "/orders?limit=1000" });
    expect(json(query).errors[0].pointer).toBe("/query/limit");
  });
});

describe("handle: errors and response validation", () => {
  it("renders thrown problems with the request id and instance; notImplemented is a 501", async () => {
    const { call } = setup();
    const thrown = await call(getOrder, () => {
      throw problem(404, { title: "Not Found", detail: "No order o9.", code: "ORDER_NOT_FOUND" });
    }, { url: "/orders/o9?x", pathParams: { orderId: "o9" }, headers: { "x-request-id": "r9" } });
    expect([thrown.status, thrown.headers["content-type"]]).toEqual([404, "application/problem+json"]);
    expect(json(thrown)).toMatchObject({ code: "ORDER_NOT_FOUND", instance: "/orders/o9", request_id: "r9" });
    const stub = await call(getOrder, () => Promise.reject(rt.notImplemented("getOrder")), { url: "/orders/o1", pathParams: { orderId: "o1" } });
    expect([stub.status, json(stub).code]).toEqual([501, "NOT_IMPLEMENTED"]);
  });

  it("500 INTERNAL_ERROR without internals; the error is logged with request and operation id", async () => {
    const { call, logger } = setup();
    const response = await call(getOrder, () => {
      throw new Error("SELECT * FROM secret failed");
    }, { url: "/orders/o1", pathParams: { orderId: "o1" }, headers: { "x-request-id": "r500" } });
    expect([response.status, json(response).code, json(response).request_id]).toEqual([500, "INTERNAL_ERROR", "r500"]);
    expect(String(response.body)).not.toContain("secret");
    expect(logger.entries[0]).toMatchObject({ level: "error", details: { requestId: "r500", operationId: "getOrder", error: expect.any(Error) } });
  });

  it("a verifier that throws is a logged 500", async () => {
    const logger = recordingLogger();
    const runtime = rt.createServerRuntime<{ user: string }>({ schemes, verifiers: { bearer: () => Promise.reject(new Error("idp down")) }, contracts, options: { logger } });
    const response = await runtime.handle(createOrder, created, rawRequest({ method: "POST", url: "/orders", headers: writer, body: orderBody }));
    expect([response.status, json(response).code]).toEqual([500, "INTERNAL_ERROR"]);
    expect(logger.entries).toHaveLength(1);
  });

  it("500 RESPONSE_VALIDATION_FAILED for an undeclared status or a body off the schema, logged with the issues", async () => {
    const { call, logger } = setup();
    const undeclared = await call(getOrder, () => ({ status: 202, body: {} }), { url: "/orders/o1", pathParams: { orderId: "o1" } });
    expect([undeclared.status, json(undeclared).code]).toEqual([500, "RESPONSE_VALIDATION_FAILED"]);
    const wrong = await call(getOrder, () => ({ status: 200, body: { id: 1 } }), { url: "/orders/o1", pathParams: { orderId: "o1" } });
    expect(json(wrong).code).toBe("RESPONSE_VALIDATION_FAILED");
    expect(logger.entries[1]?.details).toMatchObject({ operationId: "getOrder", status: 200, issues: expect.arrayContaining([expect.objectContaining({ path: ["id"] })]) });
    const off = await setup({ validateResponses: false }).call(getOrder, () => ({ status: 200, body: { id: 1 } }), { url: "/orders/o1", pathParams: { orderId: "o1" } });
    expect(off.status).toBe(200);
  });
});

describe("handle: idempotency", () => {
  const post = (call: ReturnType<typeof setup>["call"], handler: Handler<{ user: string }>, key: string, body = orderBody, token = "writer") =>
    call(createOrder, handler, { url: "/orders", headers: { ...writer, authorization: `Bearer ${token}`, "idempotency-key": key }, body });

  it("replays the stored response for the same key and body, with the current request id", async () => {
    const { call } = setup();
    const handler = vi.fn(created);
    const first = await post(call, handler, "k1");
    const again = await call(createOrder, handler, { url: "/orders", headers: { ...writer, "idempotency-key": "k1", "x-request-id": "second" }, body: orderBody });
    expect(handler).toHaveBeenCalledOnce();
    expect([again.status, again.body]).toEqual([first.status, first.body]);
    expect(again.headers).toEqual({ ...first.headers, "idempotent-replayed": "true", "x-request-id": "second" });
  });

  it("422 for the same key with another body; 409 while the first is in flight", async () => {
    const { call } = setup();
    let finish!: () => void;
    const slow = vi.fn(async (req: Parameters<Handler<{ user: string }>>[0]) => {
      await new Promise<void>((resolve) => (finish = resolve));
      return created(req);
    });
    const first = post(call, slow, "k2");
    await vi.waitFor(() => expect(slow).toHaveBeenCalled());
    const concurrent = await post(call, slow, "k2");
    expect([concurrent.status, json(concurrent).code, concurrent.headers["retry-after"]]).toEqual([409, "IDEMPOTENT_REQUEST_IN_PROGRESS", "1"]);
    const conflicting = await post(call, slow, "k2", JSON.stringify({ items: [] }));
    expect([conflicting.status, json(conflicting).code]).toEqual([422, "IDEMPOTENCY_KEY_REUSED"]);
    finish();
    expect((await first).status).toBe(201);
    expect(slow).toHaveBeenCalledOnce();
  });

  it("releases the key after a 5xx or a throw, so a retry runs again", async () => {
    const { call } = setup();
    const handler = vi.fn().mockRejectedValueOnce(new Error("boom")).mockResolvedValueOnce({ status: 503, body: { type: "about:blank", status: 503 } }).mockImplementation(created);
    expect((await post(call, handler, "k3")).status).toBe(500);
    expect((await post(call, handler, "k3")).status).toBe(503);
    expect((await post(call, handler, "k3")).status).toBe(201);
    expect((await post(call, handler, "k3")).headers["idempotent-replayed"]).toBe("true");
    expect(handler).toHaveBeenCalledTimes(3);
  });

  it("never shares replays between callers, and does nothing without the header", async () => {
    const { call } = setup();
    const handler = vi.fn(created);
    await post(call, handler, "k4", orderBody, "writer-a");
    const other = await post(call, handler, "k4", orderBody, "writer-b");
    expect(other.headers["idempotent-replayed"]).toBeUndefined();
    await call(createOrder, handler, { url: "/orders", headers: writer, body: orderBody });
    await call(createOrder, handler, { url: "/orders", headers: writer, body: orderBody });
    expect(handler).toHaveBeenCalledTimes(4);
  });

  it("uses the configured store, lease and TTL", async () => {
    const store = new rt.MemoryIdempotencyStore();
    const begin = vi.spyOn(store, "begin");
    const complete = vi.spyOn(store, "complete");
    const { call } = setup({ idempotencyStore: store, idempotencyTtlMs: 1234, idempotencyLeaseMs: 567 });
    await post(call, created, "k5");
    expect(begin).toHaveBeenCalledWith(expect.stringMatching(/^createOrder:.+:k5$/), expect.any(String), expect.any(String), 567);
    expect(complete).toHaveBeenCalledWith(begin.mock.calls[0]![0], begin.mock.calls[0]![2], expect.objectContaining({ status: 201 }), 1234);
  });
});

describe("handle: idempotency leases and store failures", () => {
  const post = (call: ReturnType<typeof setup>["call"], handler: Handler<{ user: string }>, key: string) =>
    call(createOrder, handler, { url: "/orders", headers: { ...writer, "idempotency-key": key }, body: orderBody });

  it("renews the claim while the handler runs (a duplicate many leases later still gets 409), and stops when it ends", async () => {
    vi.useFakeTimers();
    try {
      const store = new rt.MemoryIdempotencyStore();
      const renew = vi.spyOn(store, "renew");
      const { call } = setup({ idempotencyStore: store, idempotencyLeaseMs: 300 });
      let finish = () => {};
      const slow: Handler<{ user: string }> = (request) => new Promise((resolve) => (finish = () => resolve(created(request))));
      const first = post(call, slow, "lease");
      await vi.advanceTimersByTimeAsync(3000);
      const duplicate = await post(call, created, "lease");
      expect([duplicate.status, json(duplicate).code]).toEqual([409, "IDEMPOTENT_REQUEST_IN_PROGRESS"]);
      expect(renew.mock.calls.length).toBeGreaterThanOrEqual(9);
      finish();
      expect((await first).status).toBe(201);
      const renewals = renew.mock.calls.length;
      await vi.advanceTimersByTimeAsync(3000);
      expect(renew.mock.calls.length).toBe(renewals);
      expect((await post(call, created, "lease")).headers["idempotent-replayed"]).toBe("true");
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers 503 with Retry-After, without running the handler, when the store cannot claim the key", async () => {
    const store = new rt.MemoryIdempotencyStore();
    vi.spyOn(store, "begin").mockRejectedValue(new Error("The client is offline"));
    const { call, logger } = setup({ idempotencyStore: store });
    const handler = vi.fn(created);
    const response = await post(call, handler, "down");
    expect([response.status, json(response).code, response.headers["retry-after"], response.headers["content-type"]]).toEqual([503, "IDEMPOTENCY_STORE_UNAVAILABLE", "1", "application/problem+json"]);
    expect(handler).not.toHaveBeenCalled();
    expect(logger.entries[0]).toMatchObject({ level: "error", details: { operationId: "createOrder", error: "Error: The client is offline" } });
  });

  it("still answers the handler's response when storing it fails, and logs it; a retry meanwhile is 409", async () => {
    const store = new rt.MemoryIdempotencyStore();
    vi.spyOn(store, "complete").mockRejectedValue(new Error("connection lost"));
    const { call, logger } = setup({ idempotencyStore: store });
    const handler = vi.fn(created);
    expect((await post(call, handler, "late")).status).toBe(201);
    expect(logger.entries.map((e) => e.level)).toEqual(["error"]);
    expect((await post(call, handler, "late")).status).toBe(409);
    expect(handler).toHaveBeenCalledOnce();
  });

  it("throws the handler's error, not the store's, when releasing after a failure fails", async () => {
    const store = new rt.MemoryIdempotencyStore();
    vi.spyOn(store, "release").mockRejectedValue(new Error("connection lost"));
    const { call } = setup({ idempotencyStore: store });
    const response = await post(call, () => {
      throw problem(402, { title: "Payment Required", detail: "Card declined." });
    }, "declined");
    expect([response.status, json(response).detail]).toEqual([402, "Card declined."]);
  });
});

describe("handle: conditional requests", () => {
  const order = { id: "o1", items: [{ sku: "a", quantity: 1 }] };
  const etag = rt.etagOf(order);
  const read: Handler<{ user: string }> = () => ({ status: 200, body: order, headers: { ETag: etag, "Cache-Control": "no-cache" } });

  it("304 with ETag and request id and no body when If-None-Match matches", async () => {
    const { call } = setup();
    const fresh = await call(getOrder, read, { url: "/orders/o1", pathParams: { orderId: "o1" }, headers: { "if-none-match": `W/"zzz", ${etag}`, "x-request-id": "c1" } });
    expect(fresh).toMatchObject({ status: 304, headers: { etag, "cache-control": "no-cache", "x-request-id": "c1" } });
    expect(fresh.body).toBeUndefined();
    expect(fresh.headers["content-type"]).toBeUndefined();
    const stale = await call(getOrder, read, { url: "/orders/o1", pathParams: { orderId: "o1" }, headers: { "if-none-match": '"old"' } });
    expect([stale.status, stale.headers.etag]).toEqual([200, etag]);
  });

  it("412 from preconditions.ifMatch on writes", async () => {
    const { call } = setup();
    const write: Handler<{ user: string }> = (req) => {
      req.preconditions.ifMatch(etag);
      return { status: 200, body: order };
    };
    const init = (ifMatch?: string): RawInit => ({ url: "/orders/o1", pathParams: { orderId: "o1" }, headers: { "content-type": "application/json", ...(ifMatch ? { "if-match": ifMatch } : {}) }, body: orderBody });
    const failed = await call(updateOrder, write, init('"stale"'));
    expect([failed.status, json(failed).code]).toEqual([412, "PRECONDITION_FAILED"]);
    expect((await call(updateOrder, write, init(etag))).status).toBe(200);
    expect((await call(updateOrder, write, init())).status).toBe(200);
  });
});

describe("unmatched, errorResponse and the separate steps", () => {
  it("404 for unknown paths, 405 with Allow for known ones", () => {
    const { runtime } = setup();
    const missing = runtime.unmatched(rawRequest({ url: "/customers?x=1", headers: { "x-request-id": "u1" } }));
    expect([missing.status, json(missing).code, json(missing).instance, missing.headers["x-request-id"]]).toEqual([404, "NOT_FOUND", "/customers", "u1"]);
    const wrong = runtime.unmatched(rawRequest({ method: "PATCH", url: "/orders/o1" }));
    expect([wrong.status, wrong.headers.allow]).toEqual([405, "DELETE, GET, HEAD, PUT"]);
  });

  it("maps framework errors to the matching problems", () => {
    const { runtime, logger } = setup();
    const raw = rawRequest({ url: "/orders", headers: { "content-type": "text/xml" } });
    const codeOf = (error: unknown) => json(runtime.errorResponse(error, raw)).code;
    expect(codeOf(Object.assign(new Error("too large"), { statusCode: 413 }))).toBe("PAYLOAD_TOO_LARGE");
    expect(codeOf(Object.assign(new SyntaxError("Unexpected token"), { status: 400 }))).toBe("MALFORMED_REQUEST_BODY");
    expect(codeOf(Object.assign(new Error("unsupported"), { statusCode: 415 }))).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(codeOf(rt.preconditionFailed())).toBe("PRECONDITION_FAILED");
    expect(codeOf(new Error("weird"))).toBe("INTERNAL_ERROR");
    expect(logger.entries).toHaveLength(1);
  });

  it("the steps run one by one give what handle gives", async () => {
    const { runtime } = setup();
    const init = { method: "POST", url: "/orders", headers: { ...writer, "x-request-id": "s1", "idempotency-key": "steps" }, body: orderBody };
    const state = runtime.begin(rawRequest(init), createOrder);
    expect(await runtime.authenticate(createOrder, state)).toEqual({ user: "writer" });
    const request = await runtime.prepareInput(createOrder, state);
    const stepwise = await runtime.runIdempotent(createOrder, state, async () => runtime.respond(createOrder, state, await created(request)));
    const whole = await runtime.handle(createOrder, created, rawRequest({ ...init, headers: { ...init.headers, "idempotency-key": "whole" } }));
    expect(stepwise).toEqual(whole);
    const failing = runtime.begin(rawRequest({ ...init, headers: { "x-request-id": "s2" } }), createOrder);
    const refused = await runtime.authenticate(createOrder, failing).catch((error) => runtime.fail(failing, error));
    expect(refused).toEqual(await runtime.handle(createOrder, created, rawRequest({ ...init, headers: { "x-request-id": "s2" } })));
  });
});

describe("handle: synchronous when nothing waits", () => {
  // An open operation with a body, read by the adapter already (as Fastify's parser does).
  const openCreate: OperationContract = { ...createOrder, id: "openCreate", security: undefined, idempotency: undefined, params: {}, headerNames: [] };
  const readAlready = (init: RawInit, bytes: Buffer | undefined | Error) => ({
    ...rawRequest(init),
    readBody: () => {
      if (bytes instanceof Error) throw bytes;
      return bytes;
    },
  });
  const post = { method: "POST", url: "/orders", headers: { "content-type": "application/json" } };

  it("answers a body read already and a handler's plain value without a promise", () => {
    const { runtime } = setup();
    const response = runtime.handle(openCreate, created, readAlready(post, Buffer.from(orderBody)));
    expect(response).not.toBeInstanceOf(Promise);
    expect((response as rt.RawResponse).status).toBe(201);
    const listed = runtime.handle(listOrders, () => ({ status: 200, body: [] }), rawRequest({ url: "/orders" }));
    expect((listed as rt.RawResponse).status).toBe(200);
  });

  it("gives problems synchronously too: a throwing handler, a 413 the adapter met, invalid input", () => {
    const { runtime, logger } = setup();
    const thrown = runtime.handle(openCreate, () => { throw new Error("boom"); }, readAlready(post, Buffer.from(orderBody))) as rt.RawResponse;
    expect([thrown.status, json(thrown).code]).toEqual([500, "INTERNAL_ERROR"]);
    expect(logger.entries).toHaveLength(1);
    const tooLarge = runtime.handle(openCreate, created, readAlready(post, rt.payloadTooLarge(10))) as rt.RawResponse;
    expect([tooLarge.status, tooLarge.headers.connection]).toEqual([413, "close"]);
    const invalid = runtime.handle(openCreate, created, readAlready(post, Buffer.from('{"items":"none"}'))) as rt.RawResponse;
    expect([invalid.status, json(invalid).errors[0].pointer]).toEqual([400, "/body/items"]);
  });

  it("returns a promise when the handler does, and a rejection becomes the 500 problem", async () => {
    const { runtime } = setup();
    const later = runtime.handle(openCreate, async (req) => created(req), readAlready(post, Buffer.from(orderBody)));
    expect(later).toBeInstanceOf(Promise);
    expect((await later).status).toBe(201);
    const rejected = await runtime.handle(openCreate, () => Promise.reject(new Error("late boom")), readAlready(post, Buffer.from(orderBody)));
    expect([rejected.status, json(rejected).code]).toEqual([500, "INTERNAL_ERROR"]);
  });

  it("waits for a body still to be read, and for verifiers of secured operations", async () => {
    const { runtime } = setup();
    const streamed = runtime.handle(openCreate, created, rawRequest({ ...post, body: orderBody }));
    expect(streamed).toBeInstanceOf(Promise);
    expect((await streamed).status).toBe(201);
    const secured = runtime.handle(createOrder, created, rawRequest({ ...post, headers: writer, body: orderBody }));
    expect(secured).toBeInstanceOf(Promise);
    expect((await secured).status).toBe(201);
  });
});
