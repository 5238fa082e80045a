/**
 * The HTTP conformance suite (issue 4): the example spec's server, generated for Express,
 * Fastify and Nest with the example's in-memory handlers, booted on 127.0.0.1 and spoken to over
 * real HTTP. Every case asserts status, the relevant headers and the problem body, and at the end
 * every recorded case must have had byte-identical answers from all three packs. The generated
 * client drives the happy paths.
 */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boot, CONFORMANCE_PACKS as PACKS, prepareOutput, type BootedServer, type Pack } from "./harness.js";
import { hardeningCases } from "./hardening-cases.js";
import { ALICE, call, problemOf, recorded, type CallInit } from "./http.js";

const NO_SUCH_ORDER = "00000000-0000-4000-8000-000000000000";
const address = { line1: "Hauptstraße 1", city: "Berlin", postal_code: "10115", country: "DE" };

describe.each(PACKS)("%s server", (pack: Pack) => {
  let srv: BootedServer;
  let api: any;
  let productId: string;
  const http = (name: string, method: string, path: string, init?: CallInit) => call(srv.url, pack, name, method, path, init);
  const orderBody = () => ({ customer_id: "9b7e1d2c-3a4f-4b5c-8d6e-7f8a9b0c1d2e", items: [{ product_id: productId, quantity: 2 }], shipping_address: address, payment_method: { type: "card", token: "tok_12345678" } });

  beforeAll(async () => {
    srv = await boot(pack, prepareOutput(pack));
    api = srv.client.createClient({
      baseUrl: srv.url,
      auth: { bearerAuth: "alice-token", oauth2: "backoffice-token" },
      retry: false,
      responseSchemas: srv.clientSchemas.responseSchemas,
    });
    productId = (await api.products.listProducts({})).data[0].id;
  }, 180_000);
  afterAll(() => srv?.close());

  describe("happy paths through the generated client", () => {
    it("creates, reads, lists, updates and deletes orders", async () => {
      const created = await api.orders.createOrder.withResponse({ body: orderBody() });
      expect(created.status).toBe(201);
      expect(created.headers.get("location")).toBe(`/v1/orders/${created.data.id}`);
      expect(created.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect(created.data).toMatchObject({ status: "pending", total: { amount: 2598, currency: "EUR" }, payment_method: { type: "card", last4: "4242" } });
      expect(created.data.payment_method.token).toBeUndefined(); // writeOnly never comes back

      const read = await api.orders.getOrder.withResponse({ path: { orderId: created.data.id } });
      expect(read.data).toEqual(created.data);
      expect(read.etag).toBe(created.etag);

      const updated = await api.orders.updateOrder.withResponse({ path: { orderId: created.data.id }, headers: { "If-Match": read.etag }, body: { note: "Leave it with the neighbour." } });
      expect(updated.data.note).toBe("Leave it with the neighbour.");
      expect(updated.etag).not.toBe(read.etag);

      const deleted = await api.orders.deleteOrder.withResponse({ path: { orderId: created.data.id } });
      expect(deleted.status).toBe(204);
      await expect(api.orders.getOrder({ path: { orderId: created.data.id } })).rejects.toMatchObject({ status: 404, problem: { code: "ORDER_NOT_FOUND" } });
    });

    it("follows an order's status as server-sent events, typed and validated, until the order is deleted (watchOrder)", async () => {
      const order = await api.orders.createOrder({ body: orderBody() });
      const events: unknown[] = [];
      for await (const event of api.orders.watchOrder({ path: { orderId: order.id } })) {
        events.push(event);
        // The example's handler looks again every second and ends the stream once the order is gone.
        if (events.length === 1) await api.orders.deleteOrder({ path: { orderId: order.id } });
      }
      expect(events).toEqual([{ event: "status", id: "1", data: { order_id: order.id, status: "pending", at: order.created_at } }]);
      const missing = await (async () => {
        for await (const event of api.orders.watchOrder({ path: { orderId: NO_SUCH_ORDER } })) events.push(event);
      })().catch((error: unknown) => error);
      expect(missing).toMatchObject({ status: 404, problem: { code: "ORDER_NOT_FOUND" } });
    });

    it("pages through orders with signed cursors", async () => {
      for (let i = 0; i < 5; i++) await api.orders.createOrder({ body: orderBody() });
      const pages: number[] = [];
      for await (const page of api.orders.listOrders.pages({ query: { limit: 2 } })) pages.push(page.data.data.length);
      expect(pages.slice(0, 2)).toEqual([2, 2]);
      expect(pages.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5);
      const all: unknown[] = [];
      for await (const order of api.orders.listOrders.all({ query: { limit: 2 } })) all.push(order);
      expect(all.length).toBe(pages.reduce((a, b) => a + b, 0));
    });

    it("serves customers, products and categories", async () => {
      const customer = await api.customers.createCustomer.withResponse({ body: { email: `jane+${pack}@example.com`, name: "Jane", password: "correct horse battery" } });
      expect(customer.status).toBe(201);
      expect(customer.data.password).toBeUndefined();
      expect(customer.data.marketing_opt_in).toBe(false); // the default, applied by the server's validation
      expect(await api.customers.getCustomer({ path: { customerId: customer.data.id } })).toEqual(customer.data);
      expect((await api.customers.listCustomers({ query: { email: customer.data.email } })).data).toHaveLength(1);
      expect((await api.products.getProduct({ path: { productId } })).id).toBe(productId);
      expect((await api.products.listCategories({}))[0].children[0].slug).toBe("kitchen-mugs");
      expect((await api.system.getHealth({})).status).toBe("ok");
    });
  });

  describe("bad input is a 400 problem with pointers", () => {
    it("wrong types in the query", async () => {
      const body = problemOf(await http("query wrong type", "GET", "/orders?limit=abc"), 400, "VALIDATION_ERROR");
      expect(body.errors.map((e: any) => e.pointer)).toEqual(["/query/limit"]);
    });
    it("a query value out of range", async () => {
      const body = problemOf(await http("query out of range", "GET", "/orders?limit=101"), 400, "VALIDATION_ERROR");
      expect(body.errors[0].pointer).toBe("/query/limit");
    });
    it("an unknown enum value", async () => {
      const body = problemOf(await http("unknown enum", "GET", "/orders?status=lost"), 400, "VALIDATION_ERROR");
      expect(body.errors.map((e: any) => e.pointer)).toEqual(["/query/status"]);
    });
    it("unknown query parameters are tolerated", async () => {
      expect((await http("unknown query param", "GET", "/products?limit=1&utm_source=x", { record: false })).status).toBe(200);
    });
    it("missing required body fields, all reported at once", async () => {
      const body = problemOf(await http("missing fields", "POST", "/orders", { json: { items: [] } }), 400, "VALIDATION_ERROR");
      const pointers = body.errors.map((e: any) => e.pointer);
      expect(pointers).toEqual(expect.arrayContaining(["/body/customer_id", "/body/items", "/body/shipping_address", "/body/payment_method"]));
    });
    it("unknown body properties where additionalProperties is false", async () => {
      const body = problemOf(await http("unknown body property", "POST", "/orders", { json: { ...orderBody(), items: [{ product_id: NO_SUCH_ORDER, quantity: 1 }], surprise: 1 } }), 400, "VALIDATION_ERROR");
      expect(body.errors.map((e: any) => e.pointer)).toEqual(["/body/surprise"]);
    });
    it("a missing required body", async () => {
      const body = problemOf(await http("missing body", "POST", "/orders", { headers: { "content-type": "application/json" } }), 400, "VALIDATION_ERROR");
      expect(body.errors).toEqual([{ pointer: "/body", message: expect.any(String) }]);
    });
    it("malformed JSON", async () => {
      problemOf(await http("malformed json", "POST", "/orders", { raw: '{"customer_id": ', headers: { "content-type": "application/json" } }), 400, "MALFORMED_REQUEST_BODY");
    });
    it("a bad path parameter", async () => {
      const body = problemOf(await http("bad path param", "GET", "/orders/not-a-uuid"), 400, "VALIDATION_ERROR");
      expect(body.errors.map((e: any) => e.pointer)).toEqual(["/path/orderId"]);
    });
    it("an absolute-form request target (as proxies send) routes like its path", async () => {
      // fetch always sends origin-form, so this one goes over a raw socket.
      const { hostname, port } = new URL(srv.url);
      const head = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => socket.end(`GET http://${hostname}:${port}/health HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`));
        let data = "";
        socket.on("data", (chunk) => (data += chunk));
        socket.on("end", () => resolve(data));
        socket.on("error", reject);
      });
      expect(head.split("\r\n")[0]).toBe("HTTP/1.1 200 OK");
    });
    it("a path that is not valid percent-encoding", async () => {
      const body = problemOf(await http("undecodable path", "GET", "/orders/%ZZ"), 400, "VALIDATION_ERROR");
      expect(body.errors.map((e: any) => e.pointer)).toEqual(["/path"]);
    });
    it("a missing required header", async () => {
      const body = problemOf(await http("missing if-match", "PATCH", `/orders/${NO_SUCH_ORDER}`, { json: { note: "x" } }), 400, "VALIDATION_ERROR");
      expect(body.errors.map((e: any) => e.pointer)).toEqual(["/headers/If-Match"]);
    });
  });

  describe("transport-level problems", () => {
    it("a wrong content type is 415", async () => {
      const answer = await http("wrong content type", "POST", "/orders", { raw: "hello", headers: { "content-type": "text/plain" } });
      problemOf(answer, 415, "UNSUPPORTED_MEDIA_TYPE");
    });
    it("an oversized body is 413", async () => {
      const answer = await http("oversized body", "POST", "/orders", { raw: `{"note":"${"x".repeat(1024 * 1024 + 10)}"}`, headers: { "content-type": "application/json" } });
      problemOf(answer, 413, "PAYLOAD_TOO_LARGE");
      // The rest of the body is not read, so the connection cannot be reused (the one header the comparison below ignores).
      expect(answer.headers.get("connection")).toBe("close");
    });
    it("an unacceptable Accept is 406", async () => {
      problemOf(await http("not acceptable", "GET", `/orders/${NO_SUCH_ORDER}`, { headers: { accept: "text/html" } }), 406, "NOT_ACCEPTABLE");
    });
    it("an unknown route is 404", async () => {
      problemOf(await http("unknown route", "GET", "/nowhere"), 404, "NOT_FOUND");
    });
    it("a known path with a wrong method is 405 with Allow", async () => {
      const answer = await http("wrong method", "PUT", "/orders");
      problemOf(answer, 405, "METHOD_NOT_ALLOWED");
      expect(answer.headers.get("allow")).toBe("GET, HEAD, POST");
    });
  });

  describe("authentication and authorisation", () => {
    it("no credentials: 401 with a challenge per scheme", async () => {
      const answer = await http("unauthenticated", "GET", "/orders", { auth: null });
      problemOf(answer, 401, "AUTHENTICATION_REQUIRED");
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer realm="api", ApiKey /);
    });
    it("invalid credentials: 401, and the bearer challenge says invalid_token (RFC 6750)", async () => {
      const answer = await http("bad token", "GET", "/orders", { auth: "Bearer forged" });
      problemOf(answer, 401, "AUTHENTICATION_REQUIRED");
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer realm="api", error="invalid_token", ApiKey /);
    });
    it("a bearer challenge names the scopes the operation needs (RFC 6750)", async () => {
      const answer = await http("scoped challenge", "DELETE", `/orders/${NO_SUCH_ORDER}`, { auth: null });
      problemOf(answer, 401, "AUTHENTICATION_REQUIRED");
      expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="api", scope="orders:delete"');
    });
    it("an API key works where the spec allows one", async () => {
      expect((await http("api key", "GET", "/products?limit=1", { auth: null, headers: { "x-api-key": "example-api-key" }, record: false })).status).toBe(200);
    });
    it("security runs before the body is read or validated", async () => {
      problemOf(await http("auth before body", "POST", "/orders", { auth: null, raw: "{not json", headers: { "content-type": "application/json" } }), 401, "AUTHENTICATION_REQUIRED");
    });
    it("valid credentials without the scope: 403, no challenge", async () => {
      const answer = await http("under-scoped", "DELETE", `/orders/${NO_SUCH_ORDER}`, { auth: "Bearer reporting-token" });
      problemOf(answer, 403, "INSUFFICIENT_SCOPE");
      expect(answer.headers.get("www-authenticate")).toBeNull();
    });
    it("`security: []` opts out", async () => {
      expect((await http("public health", "GET", "/health", { auth: null, record: false })).status).toBe(200);
    });
  });

  describe("idempotency", () => {
    const post = (name: string, key: string, body: unknown) => http(name, "POST", "/orders", { json: body, headers: { "idempotency-key": key }, record: false });

    it("a replay with the same key and body returns the stored response", async () => {
      const key = `replay-${pack}`;
      const first = await post("replay", key, orderBody());
      const second = await post("replay", key, orderBody());
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.text).toBe(first.text);
      expect(second.headers.get("location")).toBe(first.headers.get("location"));
      expect(second.headers.get("idempotent-replayed")).toBe("true");
    });
    it("the same key with another body is 422", async () => {
      const key = `conflict-${pack}`;
      await post("conflict", key, orderBody());
      problemOf(await post("conflict", key, { ...orderBody(), note: "different" }), 422, "IDEMPOTENCY_KEY_REUSED");
    });
    it("the same key while the first is in flight is 409", async () => {
      const key = `concurrent-${pack}`;
      srv.control.createOrderDelayMs = 300;
      try {
        const first = post("concurrent", key, orderBody());
        await new Promise((resolve) => setTimeout(resolve, 100));
        problemOf(await post("concurrent", key, orderBody()), 409, "IDEMPOTENT_REQUEST_IN_PROGRESS");
        expect((await first).status).toBe(201);
      } finally {
        srv.control.createOrderDelayMs = 0;
      }
    });
  });

  describe("conditional requests", () => {
    it("GET with a matching If-None-Match is 304 without a body", async () => {
      const created = await api.orders.createOrder.withResponse({ body: orderBody() });
      const answer = await http("not modified", "GET", `/orders/${created.data.id}`, { headers: { "if-none-match": created.etag }, record: false });
      expect(answer.status).toBe(304);
      expect(answer.text).toBe("");
      expect(answer.headers.get("etag")).toBe(created.etag);
      expect(answer.headers.get("content-type")).toBeNull();
    });
    it("a write with a stale If-Match is 412", async () => {
      const created = await api.orders.createOrder.withResponse({ body: orderBody() });
      const answer = await http("stale if-match", "PATCH", `/orders/${created.data.id}`, { json: { note: "x" }, headers: { "if-match": '"stale"' }, record: false });
      problemOf(answer, 412, "PRECONDITION_FAILED");
    });
  });

  describe("cursors, handler errors, operability", () => {
    it("a tampered cursor is a 400 problem", async () => {
      const page = await api.orders.listOrders({ query: { limit: 1 } });
      const [payload, signature] = page.next_cursor.split(".");
      const forged = `${Buffer.from(JSON.stringify({ listing: "orders", offset: 0 })).toString("base64url")}.${signature}`;
      expect(payload).not.toBe(forged.split(".")[0]);
      const body = problemOf(await http("tampered cursor", "GET", `/orders?cursor=${forged}`), 400, "INVALID_CURSOR");
      expect(body.errors[0].pointer).toBe("/query/cursor");
      problemOf(await http("garbage cursor", "GET", "/orders?cursor=garbage"), 400, "INVALID_CURSOR");
    });
    it("a ProblemError thrown by a handler renders as declared", async () => {
      const body = problemOf(await http("handler problem", "GET", `/orders/${NO_SUCH_ORDER}`), 404, "ORDER_NOT_FOUND");
      expect(body.instance).toBe(`/orders/${NO_SUCH_ORDER}`);
    });
    it("an unexpected error is a 500 without internals, logged with the request id", async () => {
      srv.logs.length = 0;
      const answer = await http("handler throws", "POST", "/customers", { json: { email: "crash@fail.example", name: "Crash" } });
      const body = problemOf(answer, 500, "INTERNAL_ERROR");
      expect(answer.text).not.toMatch(/postgres|secret|database|Error:|at /);
      expect(srv.logs.some((l) => l.level === "error" && l.details.requestId === body.request_id)).toBe(true);
    });
    it("a response the spec does not allow is a 500 in development and tests", async () => {
      srv.control.breakHealth = true;
      try {
        problemOf(await http("bad response", "GET", "/health", { auth: null }), 500, "RESPONSE_VALIDATION_FAILED");
      } finally {
        srv.control.breakHealth = false;
      }
    });
    it("keeps a well-formed incoming request id and replaces a malformed one", async () => {
      const kept = await http("request id kept", "GET", "/health", { auth: null, headers: { "x-request-id": "abc-123" }, record: false });
      expect(kept.headers.get("x-request-id")).toBe("abc-123");
      const replaced = await http("request id replaced", "GET", "/health", { auth: null, headers: { "x-request-id": "bad id <script>" }, record: false });
      expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });
    it("a deprecated operation sends Deprecation and Sunset", async () => {
      const created = await api.orders.createOrder.withResponse({ body: orderBody() });
      const answer = await http("deprecated", "GET", `/orders/${created.data.id}/invoice`, { auth: ALICE, record: false });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("deprecation")).toBe("true");
      expect(answer.headers.get("sunset")).toBe("Wed, 30 Jun 2027 00:00:00 GMT");
      // ...and on its problem answers too: a client must learn of the sunset from a 404 as well.
      const missing = await http("deprecated problem", "GET", "/orders/0b6f7a3c-2f1e-4a5b-9c8d-7e6f5a4b3c2d/invoice", { auth: ALICE, record: false });
      expect(missing.status).toBe(404);
      expect(missing.headers.get("deprecation")).toBe("true");
      expect(missing.headers.get("sunset")).toBe("Wed, 30 Jun 2027 00:00:00 GMT");
      const unauthenticated = await http("deprecated 401", "GET", `/orders/${created.data.id}/invoice`, { auth: null, record: false });
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get("deprecation")).toBe("true");
    });
    it("204 has no body and no content type", async () => {
      const created = await api.orders.createOrder.withResponse({ body: orderBody() });
      const answer = await http("no content", "DELETE", `/orders/${created.data.id}`, { auth: "Bearer backoffice-token", record: false });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe("");
      expect(answer.headers.get("content-type")).toBeNull();
    });
  });

  hardeningCases(() => srv, http, async () => (await api.orders.createOrder({ body: orderBody() })).id);
});

describe("all packs", () => {
  it("answer every recorded case with the same status, headers and body", () => {
    expect(recorded.size).toBeGreaterThan(20);
    for (const [name, answers] of recorded) {
      expect([...answers.keys()], name).toEqual([...PACKS]);
      const [first, ...rest] = [...answers.values()];
      for (const [i, other] of rest.entries()) expect(other, `${name}: ${PACKS[i + 1]} differs from ${PACKS[0]}`).toBe(first);
    }
  });
});
