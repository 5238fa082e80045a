/**
 * The conformance suite's HTTP hardening cases (issue 11), registered inside each pack's
 * describe of conformance.test.ts: answers given before the body is read close the connection
 * after a bounded drain; CORS; security headers; `Link rel="deprecation"`. Recorded answers take
 * part in the suite's cross-pack byte comparison.
 */
import { describe, expect, it } from "vitest";
import { APP_ORIGIN, type BootedServer } from "./harness.js";
import { ALICE, type Answer, type CallInit, problemOf } from "./http.js";
import { upload } from "./unread-body.js";

type Http = (name: string, method: string, path: string, init?: CallInit) => Promise<Answer>;

const NO_SUCH_ORDER = "00000000-0000-4000-8000-000000000000";
const MB = 1024 * 1024;
/** At most the 64 KiB drain, plus what Node reads ahead in one go and the request head: far below what was sent. */
const READ_BOUND = 512 * 1024;

/** What the runtime exposes to pages besides the spec's declared response headers. */
const RUNTIME_EXPOSED = ["ETag", "Location", "Retry-After", "X-Request-Id", "Idempotent-Replayed", "Deprecation", "Sunset", "Link", "WWW-Authenticate", "Allow", "RateLimit-Policy", "RateLimit"];
const CORS_HEADERS = ["access-control-allow-origin", "access-control-allow-credentials", "access-control-expose-headers", "access-control-allow-methods", "access-control-allow-headers", "access-control-max-age"];
const corsHeadersOf = (answer: Answer) => CORS_HEADERS.filter((name) => answer.headers.get(name) !== null);

/**
 * Registers the cases; `createOrder` makes an order through the generated client and answers its id.
 */
export function hardeningCases(server: () => BootedServer, http: Http, createOrder: () => Promise<string>): void {
  describe("security headers on every answer", () => {
    it("nosniff everywhere; no-store on authenticated operations, problems included", async () => {
      const pub = await http("headers public", "GET", "/health", { auth: null, record: false });
      expect(pub.status).toBe(200);
      expect(pub.headers.get("x-content-type-options")).toBe("nosniff");
      expect(pub.headers.get("cache-control")).toBeNull();
      const secured = await http("headers secured 200", "GET", "/orders?limit=1", { record: false });
      expect(secured.status).toBe(200);
      expect(secured.headers.get("x-content-type-options")).toBe("nosniff");
      expect(secured.headers.get("cache-control")).toBe("no-store");
      for (const [name, method, path, init, status, code] of [
        ["headers 401", "GET", "/orders", { auth: null }, 401, "AUTHENTICATION_REQUIRED"],
        ["headers 404 of an operation", "GET", `/orders/${NO_SUCH_ORDER}`, {}, 404, "ORDER_NOT_FOUND"],
        ["headers 400", "GET", "/orders?limit=0", {}, 400, "VALIDATION_ERROR"],
      ] as const) {
        const answer = await http(name, method, path, init);
        problemOf(answer, status, code);
        expect(answer.headers.get("x-content-type-options"), name).toBe("nosniff");
        expect(answer.headers.get("cache-control"), name).toBe("no-store");
      }
      for (const [name, method, path, status] of [["headers 404 route", "GET", "/nowhere", 404], ["headers 405", "PUT", "/orders", 405]] as const) {
        const answer = await http(name, method, path);
        expect(answer.status, name).toBe(status);
        expect(answer.headers.get("x-content-type-options"), name).toBe("nosniff");
        // No operation, so nothing says it is authenticated.
        expect(answer.headers.get("cache-control"), name).toBeNull();
      }
      const live = await http("headers probe", "GET", "/livez", { auth: null, record: false });
      expect(live.headers.get("x-content-type-options")).toBe("nosniff");
    });
  });

  describe("deprecation", () => {
    it('a deprecated operation with x-deprecation-link sends Link rel="deprecation" on every answer', async () => {
      const link = '<https://api.example.com/docs/deprecations#order-invoice>; rel="deprecation"';
      const ok = await http("deprecation link 200", "GET", `/orders/${await createOrder()}/invoice`, { record: false });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("link")).toBe(link);
      const missing = await http("deprecation link 404", "GET", `/orders/${NO_SUCH_ORDER}/invoice`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("link")).toBe(link);
      const unauthenticated = await http("deprecation link 401", "GET", `/orders/${NO_SUCH_ORDER}/invoice`, { auth: null });
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get("link")).toBe(link);
      expect(unauthenticated.headers.get("deprecation")).toBe("true");
      // Operations that are not deprecated send none.
      expect((await http("deprecation none", "GET", `/orders/${NO_SUCH_ORDER}`)).headers.get("link")).toBeNull();
    });
  });

  describe("CORS", () => {
    const fromApp = { origin: APP_ORIGIN };
    it("an allowed origin may read every answer, problems and 404/405 included", async () => {
      const ok = await http("cors simple 200", "GET", "/health", { auth: null, headers: fromApp, record: false });
      expect(ok.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
      expect(ok.headers.get("vary")).toBe("Origin");
      expect(ok.headers.get("access-control-allow-credentials")).toBeNull();
      const exposed = ok.headers.get("access-control-expose-headers")!.split(", ");
      expect(exposed).toEqual(expect.arrayContaining(RUNTIME_EXPOSED));
      // The example declares no other response headers (ETag, Location, Retry-After); cors.test.ts checks that declared ones are added.
      expect(exposed).toHaveLength(RUNTIME_EXPOSED.length);
      for (const [name, method, path, init, status] of [
        ["cors 401", "GET", "/orders", { auth: null }, 401],
        ["cors 404", "GET", "/nowhere", {}, 404],
        ["cors 405", "PUT", "/orders", {}, 405],
        ["cors 400", "GET", "/orders?limit=0", {}, 400],
      ] as const) {
        const answer = await http(name, method, path, { ...init, headers: fromApp });
        expect(answer.status, name).toBe(status);
        expect(answer.headers.get("access-control-allow-origin"), name).toBe(APP_ORIGIN);
        expect(answer.headers.get("access-control-expose-headers"), name).toBe(ok.headers.get("access-control-expose-headers"));
        expect(answer.headers.get("vary"), name).toBe("Origin");
      }
    });
    it("another origin, or none, gets no CORS header (Vary: Origin all the same)", async () => {
      const other = await http("cors other origin", "GET", "/health", { auth: null, headers: { origin: "https://evil.example" }, record: false });
      expect(other.status).toBe(200);
      expect(corsHeadersOf(other)).toEqual([]);
      expect(other.headers.get("vary")).toBe("Origin");
      const none = await http("cors no origin", "GET", "/orders", { auth: null });
      expect(corsHeadersOf(none)).toEqual([]);
      expect(none.headers.get("vary")).toBe("Origin");
    });
    it("a preflight is answered from the route table: the path's methods and request headers", async () => {
      const answer = await http("cors preflight", "OPTIONS", `/orders/${NO_SUCH_ORDER}`, { auth: null, headers: { ...fromApp, "access-control-request-method": "PATCH", "access-control-request-headers": "if-match, content-type" } });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe("");
      expect(answer.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
      expect(answer.headers.get("access-control-allow-methods")).toBe("DELETE, GET, HEAD, PATCH");
      const allowed = answer.headers.get("access-control-allow-headers")!.toLowerCase().split(", ");
      // The runtime's own, the spec's header parameters (If-Match) and the API-key header of the path's schemes.
      expect(allowed).toEqual(expect.arrayContaining(["content-type", "authorization", "if-match", "if-none-match", "idempotency-key", "x-request-id", "x-api-key"]));
      expect(answer.headers.get("access-control-max-age")).toBe("600");
      expect(answer.headers.get("vary")).toBe("Origin");
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      const collection = await http("cors preflight collection", "OPTIONS", "/orders", { auth: null, headers: { ...fromApp, "access-control-request-method": "POST" } });
      expect(collection.status).toBe(204);
      expect(collection.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST");
    });
    it("a preflight from another origin or for an unknown path is no preflight: 405/404 without CORS headers", async () => {
      const other = await http("cors preflight other origin", "OPTIONS", "/orders", { auth: null, headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
      problemOf(other, 405, "METHOD_NOT_ALLOWED");
      expect(corsHeadersOf(other)).toEqual([]);
      const unknown = await http("cors preflight unknown path", "OPTIONS", "/nowhere", { auth: null, headers: { ...fromApp, "access-control-request-method": "GET" } });
      problemOf(unknown, 404, "NOT_FOUND");
      expect(unknown.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
      expect(unknown.headers.get("access-control-allow-methods")).toBeNull();
    });
  });

  describe("a request rejected before its body is read closes after a bounded drain", () => {
    const rejected: [string, number, string, string, Record<string, string>][] = [
      ["401", 401, "POST", "/orders", { "content-type": "application/json" }],
      ["403", 403, "DELETE", `/orders/${NO_SUCH_ORDER}`, { authorization: "Bearer reporting-token", "content-type": "application/json" }],
      ["404", 404, "POST", "/nowhere", { "content-type": "application/json" }],
      ["405", 405, "PUT", "/orders", { "content-type": "application/json" }],
      ["406", 406, "POST", "/orders", { authorization: ALICE, accept: "text/html", "content-type": "application/json" }],
      ["415", 415, "POST", "/orders", { authorization: ALICE, "content-type": "text/plain" }],
    ];
    it.each(rejected)("%s: a 50 MB upload is answered, `Connection: close`, and not read to its end", async (_name, status, method, path, headers) => {
      const srv = server();
      const outcome = await upload(srv.server, srv.url, { method, path, headers, declared: 50 * MB, send: 8 * MB });
      expect(outcome.status).toBe(status);
      expect(outcome.headers["connection"]).toBe("close");
      expect(outcome.serverRead).toBeGreaterThan(0);
      expect(outcome.serverRead).toBeLessThan(READ_BOUND);
      expect(outcome.clientWrote).toBeLessThan(8 * MB);
    });
    it("a small body sent after the answer is drained, so the connection ends cleanly", async () => {
      const srv = server();
      const outcome = await upload(srv.server, srv.url, { method: "POST", path: "/orders", headers: { "content-type": "application/json" }, declared: 10_000, send: 10_000, afterAnswer: true });
      expect(outcome.status).toBe(401);
      expect(outcome.headers["connection"]).toBe("close");
      // The server read the whole body (the drain) before closing, so the client was not reset.
      expect(outcome.serverRead).toBe(outcome.headLength + 10_000);
      expect(outcome.error).toBeUndefined();
    });
    it("413: a body announced over the limit is not read either", async () => {
      const srv = server();
      const outcome = await upload(srv.server, srv.url, { method: "POST", path: "/orders", headers: { authorization: ALICE, "content-type": "application/json" }, declared: 50 * MB, send: 8 * MB });
      expect(outcome.status).toBe(413);
      expect(outcome.headers["connection"]).toBe("close");
      expect(outcome.serverRead).toBeLessThan(READ_BOUND);
    });
  });
}
