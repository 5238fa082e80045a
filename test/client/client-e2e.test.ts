/**
 * The generated client end to end: generated for the example spec and the uploads fixture,
 * compiled with tsc --strict, loaded, and pointed at a real HTTP server on 127.0.0.1 that
 * injects faults (503 + Retry-After, connection resets, stalls, 429, problem and text errors).
 */
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FIXTURES, REPO, SCRATCH } from "../helpers/paths.js";
import { runCli } from "../helpers/run-cli.js";
import { sendJson, TestServer } from "../helpers/test-server.js";
import { typecheck } from "../helpers/typecheck.js";

const OUT = path.join(SCRATCH, "client-e2e");
const server = new TestServer();
let baseUrl: string;
// The generated modules, loaded for real (vitest compiles the TypeScript).
let orders: any;
let ordersSchemas: any;
let uploads: any;

const order = {
  id: "0b6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d",
  number: "ORD-1",
  status: "pending",
  customer_id: "1c6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d",
  items: [],
  shipping_address: { line1: "1 Main St", city: "Berlin", postal_code: "10115", country: "DE" },
  payment_method: { type: "wallet", provider: "paypal" },
  discount_percent: 0,
  total: { amount: 0, currency: "EUR" },
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};
const problem = (status: number, detail: string) => ({ type: "about:blank", title: "Problem", status, detail, request_id: "req-9" });

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  for (const [name, spec] of [
    ["orders", path.join(REPO, "examples", "orders-api", "openapi.yaml")],
    ["uploads", path.join(FIXTURES, "specs", "3.1", "uploads.yaml")],
  ] as const) {
    const result = runCli(["generate", spec, "--out", path.join(OUT, name), "--client"]);
    expect(result.status, result.stderr).toBe(0);
  }
  expect(typecheck(OUT)).toBe("");
  orders = await import(path.join(OUT, "orders", "client.gen.ts"));
  ordersSchemas = await import(path.join(OUT, "orders", "client-schemas.gen.ts"));
  uploads = await import(path.join(OUT, "uploads", "client.gen.ts"));
  baseUrl = await server.start();
});

afterAll(() => server.stop());

const client = (extra: Record<string, unknown> = {}) =>
  orders.createClient({ baseUrl, auth: { bearerAuth: async () => "tok-1" }, retry: { baseDelayMs: 1, maxDelayMs: 50 }, timeoutMs: 2000, ...extra });

describe("generated client against a live server", () => {
  it("sends typed input, auth and Accept, and returns the body with request id and ETag", async () => {
    server.respond((_req, res) => sendJson(res, 200, order, { etag: '"v1"', "x-request-id": "req-1" }));
    const response = await client().orders.getOrder.withResponse({ path: { orderId: order.id } });
    expect(response.status).toBe(200);
    expect(response.data).toEqual(order);
    expect(response.etag).toBe('"v1"');
    expect(response.requestId).toBe("req-1");
    const [req] = server.requests;
    expect(req!.url).toBe(`/orders/${order.id}`);
    expect(req!.headers.authorization).toBe("Bearer tok-1");
    expect(req!.headers.accept).toContain("application/json");
  });

  it("retries a GET after 503 with Retry-After, then succeeds", async () => {
    server.respond((_req, res, attempt) => (attempt === 1 ? sendJson(res, 503, problem(503, "busy"), { "retry-after": "0" }, "application/problem+json") : sendJson(res, 200, order)));
    expect(await client().orders.getOrder({ path: { orderId: order.id } })).toEqual(order);
    expect(server.requests).toHaveLength(2);
  });

  it("retries after a connection reset", async () => {
    server.respond((req, res, attempt) => {
      if (attempt === 1) res.socket?.destroy();
      else sendJson(res, 200, order);
    });
    expect(await client().orders.getOrder({ path: { orderId: order.id } })).toEqual(order);
    expect(server.requests).toHaveLength(2);
  });

  it("retries 429 on a GET", async () => {
    server.respond((_req, res, attempt) => (attempt < 3 ? sendJson(res, 429, problem(429, "slow down"), { "retry-after": "0" }, "application/problem+json") : sendJson(res, 200, order)));
    await client().orders.getOrder({ path: { orderId: order.id } });
    expect(server.requests).toHaveLength(3);
  });

  it("gives up on a response slower than the timeout", async () => {
    server.respond((_req, res) => {
      setTimeout(() => sendJson(res, 200, order), 1000).unref();
    });
    const started = Date.now();
    await expect(client({ timeoutMs: 100, retry: false }).orders.getOrder({ path: { orderId: order.id } })).rejects.toMatchObject({ name: "ApiTimeoutError" });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("does not retry a POST that carries no idempotency key", async () => {
    server.respond((_req, res) => sendJson(res, 503, problem(503, "busy"), { "retry-after": "0" }, "application/problem+json"));
    const call = client().customers.createCustomer({ body: { email: "a@example.com", name: "A", password: "correct horse battery" } });
    await expect(call).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(1);
  });

  it("retries an idempotent create with the same generated Idempotency-Key", async () => {
    server.respond((_req, res, attempt) => (attempt < 3 ? sendJson(res, 503, problem(503, "busy"), { "retry-after": "0" }, "application/problem+json") : sendJson(res, 201, order, { location: `/orders/${order.id}` })));
    const created = await client().orders.createOrder.withResponse({
      body: { customer_id: order.customer_id, items: [{ product_id: order.id, quantity: 1 }], shipping_address: order.shipping_address, payment_method: { type: "wallet", provider: "paypal" } },
    });
    expect(created.status).toBe(201);
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(server.requests[0]!.body.toString())).toMatchObject({ customer_id: order.customer_id });
  });

  it("iterates three pages of a cursor list", async () => {
    const pages: Record<string, unknown> = {
      "": { data: [order], next_cursor: "c2", has_more: true },
      c2: { data: [order, order], next_cursor: "c3", has_more: true },
      c3: { data: [order], next_cursor: null, has_more: false },
    };
    server.respond((req, res) => sendJson(res, 200, pages[new URL(req.url, baseUrl).searchParams.get("cursor") ?? ""]));
    const seen = [];
    for await (const item of client().orders.listOrders.all({ query: { limit: 2, status: "paid" } })) seen.push(item);
    expect(seen).toHaveLength(4);
    expect(server.requests.map((r) => r.url)).toEqual(["/orders?limit=2&status=paid", "/orders?limit=2&status=paid&cursor=c2", "/orders?limit=2&status=paid&cursor=c3"]);
  });

  it("turns a problem+json error into ApiError with the parsed problem", async () => {
    server.respond((_req, res) => sendJson(res, 404, problem(404, "no such order"), { "x-request-id": "req-404" }, "application/problem+json"));
    const error = await client().orders.getOrder({ path: { orderId: order.id } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(orders.ApiError);
    expect(error).toMatchObject({ status: 404, requestId: "req-404", problem: { detail: "no such order", status: 404 } });
  });

  it("turns a plain-text error into ApiError too", async () => {
    server.respond((_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("boom");
    });
    const error = await client({ retry: false }).orders.getOrder({ path: { orderId: order.id } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(orders.ApiError);
    expect(error).toMatchObject({ status: 500, body: "boom" });
    expect((error as { problem?: unknown }).problem).toBeUndefined();
  });

  it("sends no credentials to an operation with security: []", async () => {
    server.respond((_req, res) => sendJson(res, 200, { status: "ok", version: "1.0.0", time: "2026-01-01T00:00:00Z" }));
    await client().system.getHealth();
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("warns once per deprecated operation", async () => {
    server.respond((_req, res) => sendJson(res, 200, { order_id: order.id, url: "https://example.com/i.pdf", issued_at: "2026-01-01T00:00:00Z" }));
    const warn = vi.fn();
    const api = client({ warn });
    await api.orders.getOrderInvoice({ path: { orderId: order.id } });
    await api.orders.getOrderInvoice({ path: { orderId: order.id } });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain("getOrderInvoice");
  });

  it("validates responses with the generated zod schemas when asked", async () => {
    server.respond((_req, res) => sendJson(res, 200, { ...order, status: "teleported" }));
    const call = client({ responseSchemas: ordersSchemas.responseSchemas }).orders.getOrder({ path: { orderId: order.id } });
    await expect(call).rejects.toMatchObject({ name: "ResponseValidationError" });
    const error = await client({ responseSchemas: ordersSchemas.responseSchemas }).orders.getOrder({ path: { orderId: order.id } }).catch((e: any) => e);
    expect(error.issues.map((i: { pointer: string }) => i.pointer)).toContain("/status");
  });

  it("uploads multipart bodies (a file, an array, a JSON part) that the server reads back", async () => {
    server.respond(async (req, res) => {
      const form = await new Request("http://x/", { method: "POST", headers: req.headers as Record<string, string>, body: new Uint8Array(req.body) }).formData();
      const file = form.get("file") as File;
      sendJson(res, 200, { filename: file.name, size: file.size, caption: form.get("caption"), tags: form.getAll("tags"), meta: JSON.parse(form.get("meta") as string) }); // a JSON field, not a file
    });
    const api = uploads.createClient({ baseUrl });
    const echo = await api.default.createUpload({
      body: { file: new File([new Uint8Array([1, 2, 3])], "a.bin"), caption: "hello", tags: ["x", "y"], meta: { source: "test" } },
    });
    expect(echo).toEqual({ filename: "a.bin", size: 3, caption: "hello", tags: ["x", "y"], meta: { source: "test" } });
    expect(server.requests[0]!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  });

  it("has raw, the error classes per status, and names itself in User-Agent", async () => {
    server.respond((_req, res) => sendJson(res, 404, problem(404, "no such order"), {}, "application/problem+json"));
    const response: Response = await client().orders.getOrder.raw({ path: { orderId: order.id } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ detail: "no such order" });
    const error = await client().orders.getOrder({ path: { orderId: order.id } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(orders.NotFoundError);
    expect(error).toBeInstanceOf(orders.ApiError);
    expect(orders.isOperationError(error, client().orders.getOrder)).toBe(true);
    // Without --client-package: the spec's title as a slug and its version.
    const version = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).version;
    expect(server.requests.map((r) => r.headers["user-agent"])).toEqual([`orders-api/1.0.0 apigen/${version}`, `orders-api/1.0.0 apigen/${version}`]);
  });

  it("takes per-call baseUrl, auth and a total deadline, runs middleware, and logs without credentials", async () => {
    server.respond((req, res) => sendJson(res, 200, { ...order, number: String(req.headers.authorization) }));
    const lines: string[] = [];
    const seen: string[] = [];
    const api = client({ debug: (line: string) => lines.push(line), middleware: [{ onRequest: (ctx: { url: string }) => void seen.push(ctx.url) }] });
    const got = await api.orders.getOrder({ path: { orderId: order.id } }, { baseUrl: `${baseUrl}/v2`, auth: { bearerAuth: "tok-call" }, totalTimeoutMs: 5000 });
    expect(got.number).toBe("Bearer tok-call");
    expect(server.requests[0]!.url).toBe(`/v2/orders/${order.id}`);
    expect(seen).toEqual([`${baseUrl}/v2/orders/${order.id}`]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`GET ${baseUrl}/v2/orders/${order.id} -> 200 OK`);
    expect(lines[0]).not.toContain("tok-call");
  });

  it("lets the caller pick a request media type", async () => {
    server.respond((req, res) => sendJson(res, 200, { title: req.headers["content-type"], body: req.body.toString() }));
    const api = uploads.createClient({ baseUrl });
    const note = await api.default.createNote({ body: { title: "t", body: "b c" } }, { contentType: "application/x-www-form-urlencoded" });
    expect(note).toEqual({ title: "application/x-www-form-urlencoded", body: "title=t&body=b+c" });
  });
});
