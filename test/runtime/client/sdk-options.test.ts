/**
 * What SDK users expect beyond typed calls (issue 13), each through the real runtime and the
 * platform's fetch against local HTTP servers on 127.0.0.1: the raw Response, per-call baseUrl
 * and auth, a deadline across retries, middleware, the debug log (which must never print a
 * credential), User-Agent, error classes per status, and upload/download progress.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime } from "../../../templates/client/runtime/core.js";
import { ApiError, ApiTimeoutError } from "../../../templates/client/runtime/errors.js";
import {
  BadGatewayError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  GatewayTimeoutError,
  InternalServerError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitError,
  ServerError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnprocessableEntityError,
} from "../../../templates/client/runtime/error-classes.js";
import type { ClientConfig, Middleware, OperationSpec, SecuritySchemeSpec } from "../../../templates/client/runtime/types.js";
import { sendJson, TestServer } from "../../helpers/test-server.js";

const server = new TestServer();
const other = new TestServer();
let baseUrl: string;
let otherUrl: string;

beforeAll(async () => {
  baseUrl = await server.start();
  otherUrl = await other.start();
});
afterAll(async () => {
  await server.stop();
  await other.stop();
});

const schemes: Record<string, SecuritySchemeSpec> = {
  bearer: { type: "http", scheme: "bearer" },
  queryKey: { type: "apiKey", in: "query", name: "api_key" },
  headerKey: { type: "apiKey", in: "header", name: "X-Api-Key" },
  cookieKey: { type: "apiKey", in: "cookie", name: "sid" },
};
const getOrder: OperationSpec = {
  id: "getOrder",
  method: "GET",
  path: "/orders/{id}",
  params: [{ name: "id", in: "path", style: "simple", explode: false }],
  responses: { "200": ["application/json"], default: ["application/problem+json"] },
  security: [[{ scheme: "bearer", scopes: [] }], []],
};
const putFile: OperationSpec = { id: "putFile", method: "PUT", path: "/files/{id}", params: [{ name: "id", in: "path", style: "simple", explode: false }], requestMediaTypes: ["application/octet-stream"], responses: { "200": ["application/json"] } };
const upload: OperationSpec = { id: "upload", method: "POST", path: "/uploads", params: [], requestMediaTypes: ["multipart/form-data"], responses: { "200": ["application/json"] } };
const download: OperationSpec = { id: "download", method: "GET", path: "/files/{id}", params: [{ name: "id", in: "path", style: "simple", explode: false }], responses: { "200": ["application/octet-stream"] } };

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 20 } } satisfies ClientConfig;
const runtime = (config: ClientConfig = {}, userAgent?: string) => createRuntime({ baseUrl, ...fast, ...config }, { baseUrl, securitySchemes: schemes, userAgent });
const echo = (req: { url: string; headers: Record<string, unknown> }) => ({ url: req.url, authorization: req.headers["authorization"] ?? null });

describe("raw", () => {
  it("resolves with the fetch Response of any status, body unread, without throwing", async () => {
    server.respond((_req, res) => sendJson(res, 404, { status: 404, title: "Not Found" }, {}, "application/problem+json"));
    const response = await runtime().raw(getOrder, { path: { id: "1" } });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(404);
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({ status: 404, title: "Not Found" });
  });

  it("retries a retryable status like the plain call and gives the last Response", async () => {
    server.respond((_req, res, attempt) => (attempt < 3 ? sendJson(res, 503, { busy: attempt }, { "retry-after": "0" }) : sendJson(res, 200, { id: "1" })));
    const response = await runtime().raw(getOrder, { path: { id: "1" } });
    expect(await response.json()).toEqual({ id: "1" });
    expect(server.requests).toHaveLength(3);
    server.respond((_req, res) => sendJson(res, 503, { busy: true }, { "retry-after": "0" }));
    const last = await runtime({ retry: { retries: 1, baseDelayMs: 1 } }).raw(getOrder, { path: { id: "1" } });
    expect(last.status).toBe(503);
    expect(server.requests).toHaveLength(2);
  });

  it("still throws for a network failure: there is no Response", async () => {
    server.respond((_req, res) => void res.socket?.destroy());
    await expect(runtime({ retry: false }).raw(getOrder, { path: { id: "1" } })).rejects.toMatchObject({ name: "ApiNetworkError" });
  });
});

describe("per-call baseUrl and auth", () => {
  it("sends one call to another base URL, the next ones to the client's", async () => {
    server.respond((req, res) => sendJson(res, 200, { at: "main", ...echo(req) }));
    other.respond((req, res) => sendJson(res, 200, { at: "other", ...echo(req) }));
    const api = runtime({ auth: { bearer: "main-token" } });
    expect((await api.call(getOrder, { path: { id: "1" } }, { baseUrl: `${otherUrl}/v2/` })).data).toEqual({ at: "other", url: "/v2/orders/1", authorization: "Bearer main-token" });
    expect((await api.call(getOrder, { path: { id: "1" } })).data).toMatchObject({ at: "main", url: "/orders/1" });
  });

  it("replaces the client's credentials per scheme for one call; undefined removes one", async () => {
    server.respond((req, res) => sendJson(res, 200, echo(req)));
    const api = runtime({ auth: { bearer: "main-token" } });
    expect((await api.call(getOrder, { path: { id: "1" } }, { auth: { bearer: async () => "user-token" } })).data).toMatchObject({ authorization: "Bearer user-token" });
    // Without the bearer credential the operation's anonymous alternative applies.
    expect((await api.call(getOrder, { path: { id: "1" } }, { auth: { bearer: undefined } })).data).toMatchObject({ authorization: null });
    expect((await api.call(getOrder, { path: { id: "1" } })).data).toMatchObject({ authorization: "Bearer main-token" });
  });
});

describe("totalTimeoutMs", () => {
  it("ends a call whose attempt never answers, though the per-attempt timeout is off", async () => {
    server.respond(() => {}); // never answers
    const error = await runtime({ timeoutMs: 0, totalTimeoutMs: 150 })
      .call(getOrder, { path: { id: "1" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(error).toMatchObject({ scope: "total", timeoutMs: 150, operation: "getOrder" });
  });

  it("covers the backoff waits: a Retry-After longer than the deadline ends the call during the wait", async () => {
    server.respond((_req, res) => sendJson(res, 503, { busy: true }, { "retry-after": "30" }));
    const api = runtime({ retry: { retries: 5, maxDelayMs: 60_000 } });
    const error = await api.call(getOrder, { path: { id: "1" } }, { totalTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ApiTimeoutError", scope: "total" });
    expect(server.requests).toHaveLength(1);
  });

  it("a caller's own abort is still the caller's reason, not a timeout", async () => {
    server.respond(() => {});
    const controller = new AbortController();
    const call = runtime({ totalTimeoutMs: 60_000 }).call(getOrder, { path: { id: "1" } }, { signal: controller.signal });
    controller.abort(new Error("user left"));
    await expect(call).rejects.toThrow("user left");
  });
});

describe("middleware", () => {
  it("runs onRequest in order and onResponse in reverse, around hooks, on every attempt", async () => {
    server.respond((req, res, attempt) => (attempt === 1 ? sendJson(res, 503, {}, { "retry-after": "0" }) : sendJson(res, 200, { trace: req.headers["x-trace"] })));
    const seen: string[] = [];
    const link = (name: string): Middleware => ({
      onRequest: (ctx) => {
        seen.push(`${name}>${ctx.attempt}`);
        ctx.init.headers.set("X-Trace", `${ctx.init.headers.get("x-trace") ?? ""}${name}`);
      },
      onResponse: (_ctx, response) => void seen.push(`${name}<${response.status}`),
    });
    const api = runtime({ middleware: [link("a"), link("b")], hooks: { beforeRequest: () => void seen.push("hook>"), afterResponse: () => void seen.push("hook<") } });
    expect((await api.call(getOrder, { path: { id: "1" } })).data).toEqual({ trace: "ab" });
    expect(seen).toEqual(["a>0", "b>0", "hook>", "hook<", "b<503", "a<503", "a>1", "b>1", "hook>", "hook<", "b<200", "a<200"]);
  });

  it("can change the URL, answer without the network, replace a response and replace the final error", async () => {
    server.respond((req, res) => (req.url === "/rewritten" ? sendJson(res, 200, { rewritten: true }) : sendJson(res, 500, { nope: true })));
    const rewrite: Middleware = { onRequest: (ctx) => void (ctx.url = `${baseUrl}/rewritten`) };
    expect((await runtime({ middleware: [rewrite] }).call(getOrder, { path: { id: "1" } })).data).toEqual({ rewritten: true });

    const seen: string[] = [];
    const cache: Middleware = { onRequest: () => Response.json({ cached: true }) };
    const outer: Middleware = { onResponse: async (_ctx, response) => void seen.push(JSON.stringify(await response.clone().json())) };
    const never: Middleware = { onRequest: () => void seen.push("never") };
    server.respond((_req, res) => sendJson(res, 200, { network: true }));
    expect((await runtime({ middleware: [outer, cache, never] }).call(getOrder, { path: { id: "1" } })).data).toEqual({ cached: true });
    expect(seen).toEqual(['{"cached":true}']);
    expect(server.requests).toHaveLength(0);

    const replace: Middleware = { onResponse: (_ctx, response) => (response.status === 404 ? Response.json({ placeholder: true }) : undefined) };
    server.respond((_req, res) => sendJson(res, 404, {}));
    expect((await runtime({ middleware: [replace] }).call(getOrder, { path: { id: "1" } })).data).toEqual({ placeholder: true });

    class AppError extends Error {}
    const wrap: Middleware = { onError: (_ctx, error) => new AppError(`wrapped ${(error as Error).name}`) };
    const inner: Middleware = { onError: (_ctx, error) => void seen.push(`inner saw ${(error as Error).name}`) };
    server.respond((_req, res) => sendJson(res, 409, {}));
    const error = await runtime({ middleware: [wrap, inner] })
      .call(getOrder, { path: { id: "1" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as Error).message).toBe("wrapped ConflictError");
    expect(seen).toContain("inner saw ConflictError");
  });

  it("a custom fetch sits under the middleware", async () => {
    const calls: string[] = [];
    server.respond((_req, res) => sendJson(res, 200, {}));
    const custom: typeof fetch = (url, init) => (calls.push(`fetch ${new Headers(init?.headers).get("x-mw")}`), fetch(url, init));
    await runtime({ fetch: custom, middleware: [{ onRequest: (ctx) => void ctx.init.headers.set("X-Mw", "1") }] }).call(getOrder, { path: { id: "1" } });
    expect(calls).toEqual(["fetch 1"]);
  });
});

describe("debug log", () => {
  const secrets = ["bearer-SECRET-1", "query-SECRET-2", "header-SECRET-3", "cookie-SECRET-4"];
  const secured: OperationSpec = {
    ...getOrder,
    params: [...getOrder.params, { name: "access_token", in: "query", style: "form", explode: true }],
    security: [[{ scheme: "bearer", scopes: [] }, { scheme: "queryKey", scopes: [] }, { scheme: "headerKey", scopes: [] }, { scheme: "cookieKey", scopes: [] }]],
  };

  it("prints method, URL, status, duration and attempt, and never a credential", async () => {
    server.respond((_req, res, attempt) => (attempt === 1 ? sendJson(res, 503, {}, { "retry-after": "0" }) : sendJson(res, 200, {}, { "x-request-id": "req-7" })));
    const lines: string[] = [];
    const api = runtime({ debug: (line) => lines.push(line), auth: { bearer: secrets[0]!, queryKey: secrets[1]!, headerKey: secrets[2]!, cookieKey: secrets[3]! } });
    await api.call(secured, { path: { id: "o1" }, query: { access_token: "param-SECRET-5" } });
    expect(server.requests[0]!.url).toContain(secrets[1]); // the server did get them
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^apigen getOrder: GET ${baseUrl}/orders/o1\\?access_token=\\[redacted\\]&api_key=\\[redacted\\] -> 503 Service Unavailable, \\d+ ms, attempt 1$`));
    expect(lines[1]).toMatch(/-> 200 OK \(request id req-7\), \d+ ms, attempt 2$/);
    for (const line of lines) for (const secret of [...secrets, "param-SECRET-5"]) expect(line).not.toContain(secret);
  });

  it("cuts a credential out of an error message that quotes it", async () => {
    const lines: string[] = [];
    const leaky: typeof fetch = async (_url, init) => {
      throw new TypeError(`refused with ${new Headers(init?.headers).get("authorization")}`);
    };
    const api = runtime({ debug: (line) => lines.push(line), fetch: leaky, retry: false, auth: { bearer: secrets[0]! } });
    await expect(api.call(getOrder, { path: { id: "1" } })).rejects.toMatchObject({ name: "ApiNetworkError" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("ApiNetworkError: getOrder: network error: refused with [redacted]");
    expect(lines[0]).not.toContain(secrets[0]);
  });

  it("cuts a credential query value out of an error message that quotes the URL", async () => {
    const lines: string[] = [];
    const leaky: typeof fetch = async (url) => {
      throw new TypeError(`cannot reach ${String(url)}`);
    };
    const api = runtime({ debug: (line) => lines.push(line), fetch: leaky, retry: false, auth: { queryKey: "q u/ery-SECRET" } });
    const spec: OperationSpec = { ...getOrder, security: [[{ scheme: "queryKey", scopes: [] }]] };
    await expect(api.call(spec, { path: { id: "1" } })).rejects.toMatchObject({ name: "ApiNetworkError" });
    expect(lines[0]).toContain(`cannot reach ${baseUrl}/orders/1?api_key=[redacted]`);
    expect(lines[0]).not.toMatch(/SECRET/);
  });

  it("hooks' return values are ignored, as before middleware existed", async () => {
    server.respond((_req, res) => sendJson(res, 200, { from: "server" }));
    const hooks = { beforeRequest: (ctx: unknown) => ctx, afterResponse: () => "not a response" } as unknown as ClientConfig["hooks"];
    expect((await runtime({ hooks }).call(getOrder, { path: { id: "1" } })).data).toEqual({ from: "server" });
  });

  it("debug: true writes to console.debug; no debug option prints nothing", async () => {
    server.respond((_req, res) => sendJson(res, 200, {}));
    const original = console.debug;
    const printed: unknown[] = [];
    console.debug = (...args: unknown[]) => void printed.push(...args);
    try {
      await runtime({ debug: true }).call(getOrder, { path: { id: "1" } });
      await runtime().call(getOrder, { path: { id: "1" } });
    } finally {
      console.debug = original;
    }
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^apigen getOrder: GET .* -> 200 OK/);
  });
});

describe("User-Agent", () => {
  it("names the SDK by default; a string replaces it; false leaves fetch's own; a header wins", async () => {
    server.respond((req, res) => sendJson(res, 200, { ua: req.headers["user-agent"] ?? null, client: req.headers["x-client"] ?? null }));
    const sdk = "@acme/orders-client/1.2.3 apigen/0.1.0";
    expect((await runtime({}, sdk).call(getOrder, { path: { id: "1" } })).data).toEqual({ ua: sdk, client: null });
    expect((await runtime({ userAgent: "my-app/2.0" }, sdk).call(getOrder, { path: { id: "1" } })).data).toMatchObject({ ua: "my-app/2.0" });
    // false: the header is fetch's own (undici's is "node"), not the SDK's.
    expect((await runtime({ userAgent: false }, sdk).call(getOrder, { path: { id: "1" } })).data).toEqual({ ua: "node", client: null });
    expect((await runtime({}, sdk).call(getOrder, { path: { id: "1" } }, { headers: { "user-agent": "mine" } })).data).toMatchObject({ ua: "mine" });
  });
});

describe("error classes", () => {
  it("each status family throws its own ApiError subclass", async () => {
    const expected: [number, typeof ApiError][] = [
      [400, BadRequestError],
      [401, UnauthorizedError],
      [403, ForbiddenError],
      [404, NotFoundError],
      [409, ConflictError],
      [412, PreconditionFailedError],
      [422, UnprocessableEntityError],
      [429, RateLimitError],
      [500, InternalServerError],
      [502, BadGatewayError],
      [503, ServiceUnavailableError],
      [504, GatewayTimeoutError],
      [507, ServerError],
      [418, ApiError],
    ];
    server.respond((req, res) => sendJson(res, Number(req.url.split("/").pop()), { title: "x" }, {}, "application/problem+json"));
    for (const [status, type] of expected) {
      const error = await runtime({ retry: false })
        .call(getOrder, { path: { id: String(status) } })
        .catch((e: unknown) => e);
      expect(error, String(status)).toBeInstanceOf(type);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status, name: type.name, problem: { title: "x" } });
    }
    const fiveHundred = await runtime({ retry: false }).call(getOrder, { path: { id: "500" } }).catch((e: unknown) => e);
    expect(fiveHundred).toBeInstanceOf(ServerError);
  });
});

describe("progress", () => {
  const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

  it("reports an upload as fetch reads it, with the total, and the server gets every byte", async () => {
    server.respond((req, res) => sendJson(res, 200, { size: req.body.length, length: req.headers["content-length"] ?? null, same: req.body.equals(Buffer.from(bytes(300_000))) }));
    const reports: [number, number | undefined][] = [];
    const result = await runtime().call(putFile, { path: { id: "f" }, body: bytes(300_000) }, { onUploadProgress: (loaded, total) => reports.push([loaded, total]) });
    expect(result.data).toEqual({ size: 300_000, length: "300000", same: true });
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.at(-1)).toEqual([300_000, 300_000]);
    expect(reports.every(([loaded], i) => i === 0 || loaded > reports[i - 1]![0])).toBe(true);
  });

  it("an upload with progress is still retried (each attempt streams the body again from 0)", async () => {
    server.respond((req, res, attempt) => (attempt === 1 ? sendJson(res, 503, {}, { "retry-after": "0" }) : sendJson(res, 200, { size: req.body.length })));
    const reports: number[] = [];
    const result = await runtime().call(putFile, { path: { id: "f" }, body: new Blob([bytes(100_000)]) }, { onUploadProgress: (loaded) => reports.push(loaded) });
    expect(result.data).toEqual({ size: 100_000 });
    expect(server.requests.map((r) => r.body.length)).toEqual([100_000, 100_000]);
    expect(reports.filter((n) => n === 100_000)).toHaveLength(2);
  });

  it("keeps a multipart body's boundary", async () => {
    server.respond(async (req, res) => {
      const form = await new Request("http://x/", { method: "POST", headers: req.headers as Record<string, string>, body: new Uint8Array(req.body) }).formData();
      sendJson(res, 200, { caption: form.get("caption"), size: (form.get("file") as File).size });
    });
    let last = 0;
    const result = await runtime().call(upload, { body: { caption: "hi", file: new File([bytes(70_000)], "a.bin") } }, { onUploadProgress: (loaded) => (last = loaded) });
    expect(result.data).toEqual({ caption: "hi", size: 70_000 });
    expect(last).toBe(server.requests[0]!.body.length);
  });

  it("reports a download as the body is read, for the parsed call and for raw", async () => {
    const payload = Buffer.from(bytes(250_000));
    server.respond((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(payload.length) });
      res.end(payload);
    });
    const reports: [number, number | undefined][] = [];
    const result = await runtime().call(download, { path: { id: "f" } }, { onDownloadProgress: (loaded, total) => reports.push([loaded, total]) });
    expect((result.data as Blob).size).toBe(250_000);
    expect(reports.at(-1)).toEqual([250_000, 250_000]);
    expect(reports.length).toBeGreaterThan(1);

    let read = 0;
    const response = await runtime().raw(download, { path: { id: "f" } }, { onDownloadProgress: (loaded) => (read = loaded) });
    expect(read).toBe(0);
    expect(response.url).toBe(`${baseUrl}/files/f`);
    expect((await response.arrayBuffer()).byteLength).toBe(250_000);
    expect(read).toBe(250_000);
  });

  it("a stream body reports without a total and is not retried", async () => {
    server.respond((_req, res) => sendJson(res, 503, {}, { "retry-after": "0" }));
    const source = new Blob([bytes(10_000)]).stream();
    const reports: [number, number | undefined][] = [];
    await expect(runtime().call(putFile, { path: { id: "f" }, body: source }, { onUploadProgress: (loaded, total) => reports.push([loaded, total]) })).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(server.requests).toHaveLength(1);
    expect(reports.at(-1)).toEqual([10_000, undefined]);
  });
});
