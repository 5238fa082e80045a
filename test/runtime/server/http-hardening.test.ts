/**
 * The runtime's HTTP hardening (issue 11) at the unit level: what the conformance suite cannot
 * reach with the example spec (a handler's own Cache-Control, declared response headers in
 * Expose-Headers, origins as a function, credentials, an idempotent replay to another origin,
 * a deprecation link that would break the header). Over real HTTP: test/server/conformance.
 */
import "./copy-runtime.js";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";
import type { Handler } from "../../../.tmp/runtime-server-test/runtime/server/pipeline.js";
import type { OperationContract, ServerOptions, Verifier } from "../../../.tmp/runtime-server-test/runtime/server/types.js";
import { rawRequest, recordingLogger } from "./helpers.js";

const problemJson = { contentTypes: ["application/problem+json"] };
const getThing: OperationContract = {
  id: "getThing",
  method: "GET",
  path: "/things/{id}",
  pathParams: { id: "id" },
  params: { path: z.object({ id: z.string() }) },
  headerNames: ["X-Tenant"],
  responses: { "200": { contentTypes: ["application/json"], headers: ["X-Rate-Remaining"] }, "404": problemJson },
  security: [[{ scheme: "key", scopes: [] }]],
};
const putThing: OperationContract = {
  ...getThing,
  id: "putThing",
  method: "PUT",
  headerNames: [],
  body: { required: true, contentTypes: ["application/json"], schemas: { "application/json": z.object({ name: z.string() }) } },
  idempotency: { header: "X-Idempotency" },
};
const oldThing: OperationContract = { id: "oldThing", method: "GET", path: "/old", pathParams: {}, params: {}, headerNames: [], responses: { "200": { contentTypes: ["application/json"] } }, deprecated: { link: "https://docs.example/old" } };
const badLink: OperationContract = { ...oldThing, id: "badLink", path: "/bad", deprecated: { link: "https://docs.example/x>; rel=\"next\"" } };
const contracts = [getThing, putThing, oldThing, badLink];
const schemes = { key: { type: "apiKey" as const, in: "header" as const, name: "X-Key" } };
const key: Verifier<any, string> = (c) => (c.key === "good" ? { principal: "p" } : undefined);

function setup(options: ServerOptions = {}) {
  const runtime = rt.createServerRuntime({ schemes, verifiers: { key }, contracts, options: { logger: recordingLogger(), ...options } });
  const call = (contract: OperationContract, handler: Handler<string>, init: Parameters<typeof rawRequest>[0]) => Promise.resolve(runtime.handle(contract, handler, rawRequest({ method: contract.method, ...init })));
  return { runtime, call };
}
const ok: Handler<string> = () => ({ status: 200, body: { ok: true } });

describe("security headers", () => {
  it("no-store on an authenticated operation's answers, unless the handler sets its own Cache-Control", async () => {
    const { call } = setup();
    const plain = await call(getThing, ok, { url: "/things/1", pathParams: { id: "1" }, headers: { "x-key": "good" } });
    expect(plain.headers).toMatchObject({ "cache-control": "no-store", "x-content-type-options": "nosniff" });
    const own = await call(getThing, () => ({ status: 200, body: {}, headers: { "Cache-Control": "private, max-age=60" } }), { url: "/things/1", pathParams: { id: "1" }, headers: { "x-key": "good" } });
    expect(own.headers["cache-control"]).toBe("private, max-age=60");
    const open = await call(oldThing, ok, { url: "/old" });
    expect(open.headers["cache-control"]).toBeUndefined();
    expect(open.headers["x-content-type-options"]).toBe("nosniff");
  });
  it('Link rel="deprecation" from the contract, left out when the URL would break the header', async () => {
    const { call } = setup();
    expect((await call(oldThing, ok, { url: "/old" })).headers["link"]).toBe('<https://docs.example/old>; rel="deprecation"');
    // A handler's own Link (pagination) keeps the deprecation link beside it.
    const paged = await call(oldThing, () => ({ status: 200, body: {}, headers: { Link: '</old?cursor=2>; rel="next"' } }), { url: "/old" });
    expect(paged.headers["link"]).toBe('</old?cursor=2>; rel="next", <https://docs.example/old>; rel="deprecation"');
    const bad = await call(badLink, ok, { url: "/bad" });
    expect(bad.headers["link"]).toBeUndefined();
    expect(bad.headers["deprecation"]).toBe("true");
  });
});

describe("CORS", () => {
  it("is off by default: no CORS header, no Vary", async () => {
    const { call, runtime } = setup();
    const answer = await call(oldThing, ok, { url: "/old", headers: { origin: "https://a.example" } });
    expect(Object.keys(answer.headers).filter((h) => h.startsWith("access-control") || h === "vary")).toEqual([]);
    expect(runtime.unmatched(rawRequest({ method: "OPTIONS", url: "/old", headers: { origin: "https://a.example", "access-control-request-method": "GET" } })).status).toBe(405);
  });
  it("exposes the spec's declared response headers; origins may be a function; credentials", async () => {
    const { call, runtime } = setup({ cors: { origins: (origin) => origin.endsWith(".trusted.example"), credentials: true, exposeHeaders: ["X-Extra"] } });
    const answer = await call(oldThing, ok, { url: "/old", headers: { origin: "https://app.trusted.example" } });
    expect(answer.headers["access-control-allow-origin"]).toBe("https://app.trusted.example");
    expect(answer.headers["access-control-allow-credentials"]).toBe("true");
    expect(answer.headers["access-control-expose-headers"]!.split(", ")).toEqual(expect.arrayContaining(["ETag", "X-Rate-Remaining", "X-Extra"]));
    expect(answer.headers["vary"]).toBe("Origin");
    const refused = await call(oldThing, ok, { url: "/old", headers: { origin: "https://evil.example" } });
    expect(refused.headers["access-control-allow-origin"]).toBeUndefined();
    const preflight = runtime.unmatched(rawRequest({ method: "OPTIONS", url: "/things/1", headers: { origin: "https://app.trusted.example", "access-control-request-method": "PUT" } }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-methods"]).toBe("GET, HEAD, PUT");
    // The path's header parameters, idempotency header and API-key header, after the runtime's own.
    expect(preflight.headers["access-control-allow-headers"]).toBe("Accept, Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, X-Request-Id, X-Tenant, X-Key, X-Idempotency");
    expect(preflight.headers["access-control-allow-credentials"]).toBe("true");
    expect(preflight.headers["access-control-max-age"]).toBeUndefined();
  });
  it('"*" answers `*` without Vary, and refuses credentials', async () => {
    const { call } = setup({ cors: { origins: "*" } });
    const answer = await call(oldThing, ok, { url: "/old", headers: { origin: "https://any.example" } });
    expect(answer.headers["access-control-allow-origin"]).toBe("*");
    expect(answer.headers["vary"]).toBeUndefined();
    expect(() => setup({ cors: { origins: "*", credentials: true } })).toThrow(/credentials/);
  });
  it("keeps a handler's Vary and adds Origin to it", async () => {
    const { call } = setup({ cors: { origins: ["https://a.example"] } });
    const answer = await call(oldThing, () => ({ status: 200, body: {}, headers: { Vary: "Accept" } }), { url: "/old", headers: { origin: "https://a.example" } });
    expect(answer.headers["vary"]).toBe("Accept, Origin");
  });
  it("an idempotent replay answers the replaying origin, not the first one", async () => {
    const { call } = setup({ cors: { origins: ["https://a.example"] } });
    const init = (origin: string) => ({ url: "/things/1", pathParams: { id: "1" }, body: '{"name":"n"}', headers: { origin, "x-key": "good", "content-type": "application/json", "x-idempotency": "k1" } });
    const first = await call(putThing, ok, init("https://a.example"));
    expect(first.headers["access-control-allow-origin"]).toBe("https://a.example");
    const replay = await call(putThing, ok, init("https://evil.example"));
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.headers["access-control-allow-origin"]).toBeUndefined();
    expect(replay.headers["access-control-expose-headers"]).toBeUndefined();
  });
});
