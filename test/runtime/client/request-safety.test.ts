/**
 * Requests that must not go where the caller did not mean them to, through the real runtime and
 * real fetch against local servers: credentials never follow a server-supplied URL to another
 * origin (two servers on two ports are two origins), and a path parameter cannot change the route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime } from "../../../templates/client/runtime/core.js";
import { CrossOriginLinkError } from "../../../templates/client/runtime/cross-origin-error.js";
import { items } from "../../../templates/client/runtime/paginate.js";
import type { ClientConfig, OperationSpec } from "../../../templates/client/runtime/types.js";
import { sendJson, TestServer } from "../../helpers/test-server.js";

const api = new TestServer();
const elsewhere = new TestServer();
let apiUrl: string;
let elsewhereUrl: string;

beforeAll(async () => {
  apiUrl = await api.start();
  elsewhereUrl = await elsewhere.start();
});
afterAll(async () => {
  await api.stop();
  await elsewhere.stop();
});

const spec: OperationSpec = {
  id: "listOrders",
  method: "GET",
  path: "/orders",
  params: [{ name: "session", in: "cookie", style: "form", explode: true }],
  responses: { "200": ["application/json"] },
  security: [[{ scheme: "bearer", scopes: [] }, { scheme: "key", scopes: [] }]],
  pagination: { kind: "link" },
};
const schemes = { bearer: { type: "http" as const, scheme: "bearer" }, key: { type: "apiKey" as const, in: "header" as const, name: "X-Api-Key" } };

function client(extra: Partial<ClientConfig> = {}) {
  return createRuntime({ baseUrl: apiUrl, auth: { bearer: "secret-token", key: "secret-key" }, headers: { "X-Tenant": "acme" }, retry: false, ...extra }, { baseUrl: apiUrl, securitySchemes: schemes, userAgent: "acme-client/1.0.0 apigen/0.1.0" });
}

const collect = async <T>(iterable: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
};

describe("a Link rel=next to another origin", () => {
  beforeAll(() => {
    api.respond((req, res) => sendJson(res, 200, [1], req.url.includes("page=2") ? {} : { link: `<${elsewhereUrl}/orders?page=2>; rel="next"` }));
    elsewhere.respond((_req, res) => sendJson(res, 200, [2]));
  });

  it("is refused by default, before any request leaves for it", async () => {
    elsewhere.requests.length = 0;
    const runtime = client();
    const walk = collect(items(runtime, spec, { cookies: { session: "s1" } }));
    await expect(walk).rejects.toThrow(CrossOriginLinkError);
    await expect(collect(items(runtime, spec, {}))).rejects.toThrow(/leads to http:\/\/127\.0\.0\.1:\d+, not http:\/\/127\.0\.0\.1:\d+; not followed/);
    expect(elsewhere.requests).toHaveLength(0);
    expect(api.requests[0]!.headers.authorization).toBe("Bearer secret-token"); // the API itself gets them
  });

  it('is followed without any credential with crossOriginLinks: "without-credentials"', async () => {
    elsewhere.requests.length = 0;
    const runtime = client({ crossOriginLinks: "without-credentials" });
    const got = await collect(items(runtime, spec, { cookies: { session: "s1" } }, { headers: { Authorization: "Bearer per-call", "X-Api-Key": "per-call-key", "X-Trace": "t1" } }));
    expect(got).toEqual([1, 2]);
    const sent = elsewhere.requests[0]!.headers;
    expect(sent.authorization).toBeUndefined();
    expect(sent["x-api-key"]).toBeUndefined(); // neither from auth nor from the call's own headers
    expect(sent["user-agent"]).not.toMatch(/apigen/); // nor the SDK's name from the config
    expect(sent.cookie).toBeUndefined();
    expect(sent["x-tenant"]).toBeUndefined();
    expect(sent["x-trace"]).toBe("t1"); // a call's own non-credential header still goes
  });

  it("a next link on the same origin keeps every credential", async () => {
    api.respond((req, res) => sendJson(res, 200, [req.url.includes("page=2") ? 2 : 1], req.url.includes("page=2") ? {} : { link: `</orders?page=2>; rel="next"` }));
    expect(await collect(items(client(), spec, {}))).toEqual([1, 2]);
    expect(api.requests[1]!.headers.authorization).toBe("Bearer secret-token");
    expect(api.requests[1]!.headers["x-api-key"]).toBe("secret-key");
  });
});

describe("path parameters that would change the route", () => {
  const get: OperationSpec = { id: "getCrate", method: "GET", path: "/crates/{name}/summary", params: [{ name: "name", in: "path", style: "simple", explode: false }], responses: { "200": ["application/json"] } };

  it.each([".", "..", ""])("%j is refused before any request", async (name) => {
    api.respond((_req, res) => sendJson(res, 200, {}));
    const runtime = client();
    await expect(runtime.call(get, { path: { name } })).rejects.toThrow(`path parameters {"name":${JSON.stringify(name)}} turn /crates/{name}/summary into /crates/${name}/summary, another route; refused`);
    expect(api.requests).toHaveLength(0);
  });

  it("values that only contain dots or slashes are sent encoded, as one segment", async () => {
    api.respond((_req, res) => sendJson(res, 200, {}));
    const runtime = client();
    for (const name of ["...", "a..b", "../x", "%2e%2e"]) await runtime.call(get, { path: { name } });
    expect(api.requests.map((r) => r.url)).toEqual(["/crates/.../summary", "/crates/a..b/summary", "/crates/..%2Fx/summary", "/crates/%252e%252e/summary"]);
  });
});
