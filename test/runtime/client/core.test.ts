import { describe, expect, it, vi } from "vitest";
import { createRuntime } from "../../../templates/client/runtime/core.js";
import { ApiError, ApiNetworkError, ApiTimeoutError } from "../../../templates/client/runtime/errors.js";
import { ResponseValidationError } from "../../../templates/client/runtime/response-validation-error.js";
import type { ClientConfig, OperationSpec, ResponseSchemas, SecuritySchemeSpec } from "../../../templates/client/runtime/types.js";
import { fakeFetch, type Handler, hang, json } from "./fake-fetch.js";

const securitySchemes: Record<string, SecuritySchemeSpec> = {
  bearerAuth: { type: "http", scheme: "bearer" },
  basicAuth: { type: "http", scheme: "basic" },
  queryKey: { type: "apiKey", in: "query", name: "api_key" },
  cookieKey: { type: "apiKey", in: "cookie", name: "sid" },
  headerKey: { type: "apiKey", in: "header", name: "X-API-Key" },
  oauth: { type: "oauth2" },
};

const getOrder: OperationSpec = {
  id: "getOrder",
  method: "GET",
  path: "/orders/{orderId}",
  params: [
    { name: "orderId", in: "path", style: "simple", explode: false },
    { name: "expand", in: "query", style: "form", explode: false },
    { name: "X-Trace", in: "header", style: "simple", explode: false },
    { name: "session", in: "cookie", style: "form", explode: true },
  ],
  responses: { "200": ["application/json"], "404": ["application/problem+json"], default: ["application/problem+json", "application/json"] },
};
const createOrder: OperationSpec = { id: "createOrder", method: "POST", path: "/orders", params: [], requestMediaTypes: ["application/json"], responses: { "201": ["application/json"] } };
const order = { id: "o1" };
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 20 } } satisfies ClientConfig;

function setup(config: ClientConfig, ...handlers: Handler[]) {
  const fake = fakeFetch(...handlers);
  const runtime = createRuntime({ ...fast, ...config, fetch: fake.fetch }, { baseUrl: "https://api.test/v1/", securitySchemes });
  return { runtime, sent: fake.sent };
}

describe("requests", () => {
  it("builds URL, Accept, headers, cookies and conditional headers", async () => {
    const { runtime, sent } = setup({ headers: { "X-Client": "c", "X-Trace": "from-config" } }, () => json(order, 200, { etag: '"v1"', "x-request-id": "req-1", "ratelimit-remaining": "9" }));
    const response = await runtime.call(
      getOrder,
      { path: { orderId: "a/b" }, query: { expand: ["items", "customer"] }, headers: { "X-Trace": ["t1", "t2"] }, cookies: { session: "s 1" } },
      { headers: { "X-Extra": "e" }, ifNoneMatch: '"v0"' },
    );
    expect(response).toEqual({ status: 200, data: order, mediaType: "application/json", declaredHeaders: {}, headers: expect.any(Headers), requestId: "req-1", etag: '"v1"', rateLimit: { remaining: 9 } });
    const [req] = sent;
    expect(req!.url).toBe("https://api.test/v1/orders/a%2Fb?expand=items,customer");
    expect(req!.method).toBe("GET");
    expect(Object.fromEntries(req!.headers)).toEqual({
      accept: "application/json, application/problem+json",
      "x-client": "c",
      "x-trace": "t1,t2",
      "x-extra": "e",
      "if-none-match": '"v0"',
      cookie: "session=s%201",
    });
  });

  it("sends JSON bodies with their content type and omits Accept when no response has content", async () => {
    const spec: OperationSpec = { ...createOrder, responses: { "204": [] } };
    const { runtime, sent } = setup({}, () => new Response(null, { status: 204 }));
    const response = await runtime.call(spec, { body: { a: 1 } });
    expect(response.status).toBe(204);
    expect(response.data).toBeUndefined();
    expect(sent[0]!.body).toBe('{"a":1}');
    expect(sent[0]!.headers.get("content-type")).toBe("application/json");
    expect(sent[0]!.headers.has("accept")).toBe(false);
  });

  it("reads text and binary bodies by media type, and empty bodies as undefined", async () => {
    const { runtime } = setup(
      {},
      () => new Response("hello", { headers: { "content-type": "text/plain" } }),
      () => new Response(new Uint8Array([1, 2]), { headers: { "content-type": "application/pdf" } }),
      () => new Response("", { headers: { "content-type": "application/json" } }),
    );
    expect((await runtime.call(getOrder, { path: { orderId: "1" } })).data).toBe("hello");
    const blob = (await runtime.call(getOrder, { path: { orderId: "1" } })).data as Blob;
    expect(blob).toBeInstanceOf(Blob);
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2]);
    expect((await runtime.call(getOrder, { path: { orderId: "1" } })).data).toBeUndefined();
  });

  it("runs hooks: beforeRequest can add headers, afterResponse sees each response, onError once", async () => {
    const seen: string[] = [];
    const onError = vi.fn();
    const { runtime, sent } = setup(
      {
        hooks: {
          beforeRequest: (ctx) => void ctx.init.headers.set("traceparent", `t-${ctx.attempt}`),
          afterResponse: (_ctx, response) => void seen.push(String(response.status)),
          onError,
        },
      },
      () => json({}, 503),
      () => json({ title: "gone" }, 404),
    );
    await expect(runtime.call(getOrder, { path: { orderId: "1" } })).rejects.toMatchObject({ status: 404 });
    expect(sent.map((r) => r.headers.get("traceparent"))).toEqual(["t-0", "t-1"]);
    expect(seen).toEqual(["503", "404"]);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toMatchObject({ operation: "getOrder", attempt: 1 });
  });
});

describe("retries", () => {
  it("retries a 503 with Retry-After, then succeeds", async () => {
    const { runtime, sent } = setup({}, () => json({ status: 503 }, 503, { "retry-after": "0" }), () => json(order));
    const response = await runtime.call(getOrder, { path: { orderId: "1" } });
    expect(response.data).toEqual(order);
    expect(sent).toHaveLength(2);
  });

  it("waits as long as Retry-After says (capped by maxDelayMs)", async () => {
    const { runtime } = setup({ retry: { baseDelayMs: 1, maxDelayMs: 60 } }, () => json({}, 429, { "retry-after": "100" }), () => json(order));
    const started = performance.now();
    await runtime.call(getOrder, { path: { orderId: "1" } });
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(55);
    expect(waited).toBeLessThan(1000);
  });

  it("retries after a network error", async () => {
    const { runtime, sent } = setup(
      {},
      () => {
        throw new TypeError("fetch failed");
      },
      () => json(order),
    );
    expect((await runtime.call(getOrder, { path: { orderId: "1" } })).data).toEqual(order);
    expect(sent).toHaveLength(2);
  });

  it("gives up after the configured retries with the last error", async () => {
    const { runtime, sent } = setup({ retry: { retries: 1, baseDelayMs: 1 } }, () => {
      throw new TypeError("fetch failed");
    });
    const error = await runtime.call(getOrder, { path: { orderId: "1" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiNetworkError);
    expect((error as ApiNetworkError).cause).toBeInstanceOf(TypeError);
    expect(sent).toHaveLength(2);
  });

  it("does not retry a POST without an idempotency key", async () => {
    const { runtime, sent } = setup({}, () => json({}, 503, { "retry-after": "0" }), () => json(order, 201));
    await expect(runtime.call(createOrder, { body: {} })).rejects.toMatchObject({ name: "ServiceUnavailableError", status: 503 });
    expect(sent).toHaveLength(1);
  });

  it("retries a POST with an idempotency key, sending the same key every time", async () => {
    const spec: OperationSpec = { ...createOrder, idempotencyKey: true };
    const { runtime, sent } = setup({}, () => json({}, 503), () => json({}, 502), () => json(order, 201));
    const response = await runtime.call(spec, { body: {} });
    expect(response.status).toBe(201);
    const keys = sent.map((r) => r.headers.get("idempotency-key"));
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(1);
  });

  it("takes the idempotency key from options, else from input headers, under the declared header name", async () => {
    const spec: OperationSpec = { ...createOrder, idempotencyKey: "X-Request-Key" };
    const { runtime, sent } = setup({}, () => json(order, 201));
    await runtime.call(spec, { body: {} }, { idempotencyKey: "k-opt" });
    await runtime.call(spec, { body: {}, headers: { "x-request-key": "k-input" } });
    expect(sent.map((r) => r.headers.get("x-request-key"))).toEqual(["k-opt", "k-input"]);
  });

  it("never retries a stream body (it can be read once) and marks it duplex for Node", async () => {
    const inits: RequestInit[] = [];
    const fetch = (async (_url: string, init: RequestInit) => (inits.push(init), json({}, 503))) as unknown as typeof globalThis.fetch;
    const runtime = createRuntime({ fetch, ...fast }, { baseUrl: "https://api.test", securitySchemes: {} });
    const spec: OperationSpec = { id: "upload", method: "PUT", path: "/blob", params: [], requestMediaTypes: ["application/octet-stream"], responses: { "204": [] } };
    await expect(runtime.call(spec, { body: new Blob(["x"]).stream() })).rejects.toMatchObject({ status: 503 });
    expect(inits).toHaveLength(1);
    expect(inits[0]).toMatchObject({ method: "PUT", duplex: "half" });
    expect(inits[0]!.body).toBeInstanceOf(ReadableStream);
    expect((inits[0]!.headers as Headers).get("content-type")).toBe("application/octet-stream");
  });

  it("retry: false turns retries off", async () => {
    const { runtime, sent } = setup({ retry: false }, () => json({}, 503), () => json(order));
    await expect(runtime.call(getOrder, { path: { orderId: "1" } })).rejects.toBeInstanceOf(ApiError);
    expect(sent).toHaveLength(1);
  });
});

describe("timeouts and cancellation", () => {
  it("turns a stalled attempt into ApiTimeoutError, after retrying it", async () => {
    const { runtime, sent } = setup({ timeoutMs: 20, retry: { retries: 1, baseDelayMs: 1 } }, hang);
    const error = await runtime.call(getOrder, { path: { orderId: "1" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(error).toMatchObject({ operation: "getOrder", timeoutMs: 20 });
    expect(sent).toHaveLength(2);
    expect(sent[0]!.signal.aborted).toBe(true);
  });

  it("times out even when the fetch ignores the signal; options.timeoutMs wins", async () => {
    const { runtime } = setup({ timeoutMs: 10_000, retry: false }, () => new Promise<Response>(() => {}));
    await expect(runtime.call(getOrder, { path: { orderId: "1" } }, { timeoutMs: 15 })).rejects.toBeInstanceOf(ApiTimeoutError);
  });

  it("a caller abort rejects with the abort reason at once and is not retried", async () => {
    const { runtime, sent } = setup({ timeoutMs: 0 }, hang);
    const controller = new AbortController();
    const call = runtime.call(getOrder, { path: { orderId: "1" } }, { signal: controller.signal });
    const reason = new Error("user left");
    setTimeout(() => controller.abort(reason), 5);
    await expect(call).rejects.toBe(reason);
    expect(sent).toHaveLength(1);
  });

  it("a caller abort during the backoff sleep rejects too", async () => {
    const { runtime, sent } = setup({ retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 } }, () => json({}, 503, { "retry-after": "10" }));
    const controller = new AbortController();
    const call = runtime.call(getOrder, { path: { orderId: "1" } }, { signal: controller.signal });
    setTimeout(() => controller.abort("stop"), 20);
    await expect(call).rejects.toBe("stop");
    expect(sent).toHaveLength(1);
  });
});

describe("auth", () => {
  const secured = (security: OperationSpec["security"]): OperationSpec => ({ ...getOrder, security });

  it("uses an async bearer provider per request", async () => {
    let n = 0;
    const { runtime, sent } = setup({ auth: { bearerAuth: async () => `tok-${++n}` } }, () => json({}, 503), () => json(order));
    await runtime.call(secured([[{ scheme: "bearerAuth", scopes: [] }]]), { path: { orderId: "1" } });
    expect(sent.map((r) => r.headers.get("authorization"))).toEqual(["Bearer tok-1", "Bearer tok-2"]);
  });

  it("picks the first alternative whose credentials are all configured", async () => {
    const { runtime, sent } = setup({ auth: { bearerAuth: () => undefined, queryKey: "k&1", cookieKey: "c 1" } }, () => json(order));
    await runtime.call(
      secured([[{ scheme: "bearerAuth", scopes: [] }], [{ scheme: "queryKey", scopes: [] }, { scheme: "cookieKey", scopes: [] }], [{ scheme: "headerKey", scopes: [] }]]),
      { path: { orderId: "1" }, query: { expand: "x" }, cookies: { session: "s" } },
    );
    expect(sent[0]!.url).toBe("https://api.test/v1/orders/1?expand=x&api_key=k%261");
    expect(sent[0]!.headers.get("cookie")).toBe("session=s; sid=c%201");
    expect(sent[0]!.headers.has("authorization")).toBe(false);
  });

  it("basic auth is UTF-8 base64 of user:pass, from an object or a string", async () => {
    const { runtime, sent } = setup({ auth: { basicAuth: { username: "zoë", password: "p:w" } } }, () => json(order));
    const spec = secured([[{ scheme: "basicAuth", scopes: [] }]]);
    await runtime.call(spec, { path: { orderId: "1" } });
    expect(sent[0]!.headers.get("authorization")).toBe("Basic em/DqzpwOnc=");
    const other = setup({ auth: { basicAuth: "a:b" } }, () => json(order));
    await other.runtime.call(spec, { path: { orderId: "1" } });
    expect(other.sent[0]!.headers.get("authorization")).toBe(`Basic ${btoa("a:b")}`);
  });

  it("api key headers, oauth2 as bearer, AND of two schemes", async () => {
    const { runtime, sent } = setup({ auth: { headerKey: "hk", oauth: "ot" } }, () => json(order));
    await runtime.call(secured([[{ scheme: "headerKey", scopes: [] }, { scheme: "oauth", scopes: ["read"] }]]), { path: { orderId: "1" } });
    expect(sent[0]!.headers.get("x-api-key")).toBe("hk");
    expect(sent[0]!.headers.get("authorization")).toBe("Bearer ot");
  });

  it("sends nothing when no alternative is configured or auth is optional", async () => {
    const { runtime, sent } = setup({ auth: { queryKey: "k" } }, () => json(order));
    await runtime.call(secured([[{ scheme: "bearerAuth", scopes: [] }]]), { path: { orderId: "1" } });
    await runtime.call(secured([[], [{ scheme: "bearerAuth", scopes: [] }]]), { path: { orderId: "1" } });
    await runtime.call(secured(undefined), { path: { orderId: "1" } });
    expect(sent.map((r) => [r.url, r.headers.has("authorization")])).toEqual([
      ["https://api.test/v1/orders/1", false],
      ["https://api.test/v1/orders/1", false],
      ["https://api.test/v1/orders/1", false],
    ]);
  });

  it("an explicit Authorization header wins over configured credentials", async () => {
    const { runtime, sent } = setup({ auth: { bearerAuth: "configured" } }, () => json(order));
    await runtime.call(secured([[{ scheme: "bearerAuth", scopes: [] }]]), { path: { orderId: "1" } }, { headers: { Authorization: "Bearer explicit" } });
    expect(sent[0]!.headers.get("authorization")).toBe("Bearer explicit");
  });

  it("an empty alternative does not stop a configured one from being used", async () => {
    const { runtime, sent } = setup({ auth: { bearerAuth: "t" } }, () => json(order));
    await runtime.call(secured([[], [{ scheme: "bearerAuth", scopes: [] }]]), { path: { orderId: "1" } });
    expect(sent[0]!.headers.get("authorization")).toBe("Bearer t");
  });
});

describe("deprecation and validation", () => {
  it("warns once per deprecated operation, with the sunset date", async () => {
    const warn = vi.fn();
    const { runtime } = setup({ warn }, () => json(order));
    const spec: OperationSpec = { ...getOrder, deprecated: { sunset: "2027-01-01" } };
    await runtime.call(spec, { path: { orderId: "1" } });
    await runtime.call(spec, { path: { orderId: "2" } });
    await runtime.call({ ...spec, id: "other", deprecated: {} }, { path: { orderId: "2" } });
    expect(warn.mock.calls).toEqual([["apigen client: getOrder is deprecated (sunset 2027-01-01)"], ["apigen client: other is deprecated"]]);
  });

  // A zod-like schema: accepts { items: [{ id: string }] } and upper-cases ids to prove data = parsed value.
  const schemas: ResponseSchemas = {
    "2XX": {
      safeParse(value: unknown) {
        const items = (value as { items?: { id?: unknown }[] }).items ?? [];
        const bad = items.findIndex((i) => typeof i.id !== "string");
        return bad < 0 ? { success: true, data: { items: items.map((i) => ({ id: String(i.id).toUpperCase() })) } } : { success: false, error: { issues: [{ path: ["items", bad, "id"], message: "Expected string" }] } };
      },
    },
  };

  const listSpec: OperationSpec = { ...getOrder, responses: { "2XX": ["application/json"] } };

  it("throws ResponseValidationError with JSON pointers when validation is on", async () => {
    const { runtime } = setup({ validateResponses: true }, () => json({ items: [{ id: "a" }, { id: 2 }] }));
    const error = await runtime.call(listSpec, { path: { orderId: "1" } }, {}, schemas).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ operation: "getOrder", status: 200, issues: [{ pointer: "/items/1/id", message: "Expected string" }] });
  });

  it("picks the schema of the declared response: exact status, then 2XX, then default", async () => {
    const fail = (message: string) => ({ safeParse: () => ({ success: false as const, error: { issues: [{ path: [], message }] } }) });
    const picky: ResponseSchemas = { "201": fail("201"), "2XX": fail("2XX"), default: fail("default") };
    const spec: OperationSpec = { ...getOrder, responses: { "201": ["application/json"], "204": [], "2XX": ["application/json"], default: ["application/json"] } };
    const statuses = [201, 202, 204, 299];
    const { runtime } = setup({ validateResponses: true, retry: false }, (sent) => (sent.url.endsWith("204") ? new Response(null, { status: 204 }) : json({}, Number(sent.url.slice(-3)))));
    const results = await Promise.all(statuses.map((s) => runtime.call(spec, { path: { orderId: String(s) } }, {}, picky).then((r) => r.status, (e: ResponseValidationError) => e.issues[0]!.message)));
    expect(results).toEqual(["201", "2XX", 204, "2XX"]);
    const onlyDefault = setup({ validateResponses: true }, () => json({}, 200));
    const error = await onlyDefault.runtime.call({ ...getOrder, responses: { default: ["application/json"] } }, { path: { orderId: "1" } }, {}, picky).catch((e: ResponseValidationError) => e);
    expect(error).toMatchObject({ issues: [{ pointer: "", message: "default" }] });
  });

  it("returns the parsed value when valid, and skips validation when it is off", async () => {
    const on = setup({ validateResponses: true }, () => json({ items: [{ id: "a" }] }));
    expect((await on.runtime.call(listSpec, { path: { orderId: "1" } }, {}, schemas)).data).toEqual({ items: [{ id: "A" }] });
    const off = setup({}, () => json({ items: [{ id: 2 }] }));
    expect((await off.runtime.call(listSpec, { path: { orderId: "1" } }, {}, schemas)).data).toEqual({ items: [{ id: 2 }] });
  });
});
