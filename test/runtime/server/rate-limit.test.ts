/** Rate limits in the shared runtime: the in-memory store, the pipeline step, its headers and callers (issue 12). */
import "./copy-runtime.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { clientAddressOf } from "../../../.tmp/runtime-server-test/runtime/server/client-address.js";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";
import type { Handler } from "../../../.tmp/runtime-server-test/runtime/server/pipeline.js";
import type { OperationContract, RateLimitPolicy, ServerOptions } from "../../../.tmp/runtime-server-test/runtime/server/types.js";
import { json, type RawInit, rawRequest, recordingLogger } from "./helpers.js";

const problemJson = { contentTypes: ["application/problem+json"] };
const listThings: OperationContract = {
  id: "listThings",
  method: "GET",
  path: "/things",
  pathParams: {},
  params: { query: z.object({ n: z.coerce.number().int().optional() }) },
  headerNames: [],
  responses: { "200": { contentTypes: ["application/json"] }, "400": problemJson, "429": problemJson },
  rateLimit: { limit: 2, windowSeconds: 60 },
};
const createThing: OperationContract = {
  id: "createThing",
  method: "POST",
  path: "/things",
  pathParams: {},
  params: {},
  headerNames: [],
  body: { required: true, contentTypes: ["application/json"], schemas: { "application/json": z.object({ name: z.string() }) } },
  responses: { "201": { contentTypes: ["application/json"] }, "4XX": problemJson },
  security: [[{ scheme: "bearer", scopes: [] }]],
  rateLimit: { limit: 1, windowSeconds: 10 },
};
const unlimited: OperationContract = { ...listThings, id: "health", path: "/health", rateLimit: undefined };
const contracts = [listThings, createThing, unlimited];
const ok: Handler<unknown> = () => ({ status: 200, body: [] });

/** A runtime over the contracts above, counting in a memory store on a clock the test moves. */
function setup(options: ServerOptions = {}, clock = { now: 0 }) {
  const logger = recordingLogger();
  const store = new rt.MemoryRateLimitStore({ now: () => clock.now });
  const bearer = (c: { token: string }) => ({ principal: { user: c.token } });
  const runtime = rt.createServerRuntime({ schemes: { bearer: { type: "http", scheme: "bearer" } }, verifiers: { bearer }, contracts, options: { logger, ...options, rateLimit: { store, ...options.rateLimit } } });
  const call = async (contract: OperationContract, init: RawInit & { clientAddress?: string } = {}, handler: Handler<unknown> = ok) => {
    const raw = Object.assign(rawRequest({ method: contract.method, url: contract.path, ...init }), { clientAddress: init.clientAddress ?? "192.0.2.1" });
    const response = await runtime.handle(contract, handler, raw);
    return Object.assign(response, { raw });
  };
  return { runtime, logger, call, clock, store };
}

describe("MemoryRateLimitStore", () => {
  it("allows `limit` hits per window, then refuses until the window started by the first hit resets", async () => {
    let now = 1000;
    const store = new rt.MemoryRateLimitStore({ now: () => now });
    expect(await store.hit("k", 2, 1000)).toEqual({ allowed: true, remaining: 1, resetMs: 1000 });
    now = 1400;
    expect(await store.hit("k", 2, 1000)).toEqual({ allowed: true, remaining: 0, resetMs: 600 });
    expect(await store.hit("k", 2, 1000)).toEqual({ allowed: false, remaining: 0, resetMs: 600 });
    expect(await store.hit("other", 2, 1000)).toEqual({ allowed: true, remaining: 1, resetMs: 1000 });
    now = 2000;
    expect(await store.hit("k", 2, 1000)).toEqual({ allowed: true, remaining: 1, resetMs: 1000 });
  });

  it("holds at most maxKeys windows however many callers come", async () => {
    const store = new rt.MemoryRateLimitStore({ maxKeys: 50, now: () => 0 });
    for (let i = 0; i < 1000; i++) await store.hit(`caller-${i}`, 1, 60_000);
    expect(store.size).toBe(50);
  });

  it("matches a per-key fixed-window model for any sequence of hits; bounded, it refuses only callers that had `limit` hits through in the last window (property-based)", async () => {
    const step = fc.record({ key: fc.constantFrom("a", "b", "c", "d"), advance: fc.integer({ min: 0, max: 700 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 5 }), async (steps, limit, maxKeys) => {
        let now = 0;
        const exact = new rt.MemoryRateLimitStore({ now: () => now });
        // With fewer windows than keys, windows are dropped and start again later.
        const bounded = new rt.MemoryRateLimitStore({ now: () => now, maxKeys });
        const model = new Map<string, { count: number; resetAt: number }>();
        const allowedAt = new Map<string, number[]>();
        for (const { key, advance } of steps) {
          now += advance;
          let window = model.get(key);
          if (!window || window.resetAt <= now) model.set(key, (window = { count: 0, resetAt: now + 1000 }));
          window.count++;
          const expected = { allowed: window.count <= limit, remaining: Math.max(0, limit - window.count), resetMs: window.resetAt - now };
          expect(await exact.hit(key, limit, 1000)).toEqual(expected);
          const times = allowedAt.get(key) ?? [];
          if ((await bounded.hit(key, limit, 1000)).allowed) allowedAt.set(key, [...times, now]);
          else expect(times.filter((t) => t > now - 1000).length).toBeGreaterThanOrEqual(limit);
          expect(bounded.size).toBeLessThanOrEqual(maxKeys);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("the rate-limit step", () => {
  it("sends RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers-10) on every answer, then the 429 problem with Retry-After", async () => {
    const { call, clock } = setup();
    const first = await call(listThings, { headers: { "x-request-id": "r1" } });
    expect(first.status).toBe(200);
    expect(first.headers["ratelimit-policy"]).toBe('"listThings";q=2;w=60');
    expect(first.headers["ratelimit"]).toBe('"listThings";r=1;t=60');
    clock.now = 15_500;
    // A validation failure after the limit counts and carries the headers too.
    const invalid = await call(listThings, { url: "/things?n=x" });
    expect(invalid.status).toBe(400);
    expect(invalid.headers["ratelimit"]).toBe('"listThings";r=0;t=45');
    const refused = await call(listThings, { headers: { "x-request-id": "r3" } });
    expect(refused.status).toBe(429);
    expect(refused.headers).toMatchObject({ "retry-after": "45", "ratelimit-policy": '"listThings";q=2;w=60', ratelimit: '"listThings";r=0;t=45', "content-type": "application/problem+json" });
    expect(json(refused)).toEqual({
      type: "about:blank",
      title: "Too Many Requests",
      status: 429,
      detail: "The rate limit of 2 requests per 60 seconds is used up; retry after 45 seconds.",
      code: "RATE_LIMIT_EXCEEDED",
      instance: "/things",
      request_id: "r3",
    });
    clock.now = 60_000;
    expect((await call(listThings)).status).toBe(200);
  });

  it("counts after authentication and before the body: a refused request's body is never read, a 401 is neither counted nor labelled", async () => {
    const { call } = setup();
    const body = JSON.stringify({ name: "x" });
    const anonymous = await call(createThing, { headers: { "content-type": "application/json" }, body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers["ratelimit"]).toBeUndefined();
    const headers = { authorization: "Bearer alice", "content-type": "application/json" };
    const first = await call(createThing, { headers, body }, () => ({ status: 201, body: {} }));
    expect(first.status).toBe(201);
    expect(first.headers["ratelimit"]).toBe('"createThing";r=0;t=10');
    const second = await call(createThing, { headers, body });
    expect(second.status).toBe(429);
    expect(second.raw.bodyReads).toBe(0);
  });

  it("counts an authenticated caller by its credentials and an anonymous one by its address", async () => {
    const { call } = setup();
    const body = JSON.stringify({ name: "x" });
    const created = () => ({ status: 201, body: {} });
    const as = (token: string, clientAddress: string) => call(createThing, { headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body, clientAddress }, created);
    expect((await as("alice", "192.0.2.1")).status).toBe(201);
    // Bob behind the same address has his own quota; Alice from another address has not.
    expect((await as("bob", "192.0.2.1")).status).toBe(201);
    expect((await as("alice", "192.0.2.9")).status).toBe(429);
    for (const address of ["192.0.2.1", "192.0.2.1"]) await call(listThings, { clientAddress: address });
    expect((await call(listThings, { clientAddress: "192.0.2.1" })).status).toBe(429);
    expect((await call(listThings, { clientAddress: "192.0.2.2" })).status).toBe(200);
  });

  it("takes limits from the options over the spec's: per operation (or false), a default, shared policy names, a key function", async () => {
    const shared: RateLimitPolicy = { limit: 1, windowSeconds: 5, name: "things" };
    const { call } = setup({ rateLimit: { operations: { listThings: false }, default: shared, key: ({ request }) => String(request.headers["x-tenant"] ?? "") || undefined } });
    for (let i = 0; i < 5; i++) expect((await call(listThings)).headers["ratelimit"]).toBeUndefined();
    const health = await call(unlimited, { headers: { "x-tenant": "t1" } });
    expect(health.headers).toMatchObject({ "ratelimit-policy": '"things";q=1;w=5', ratelimit: '"things";r=0;t=5' });
    expect((await call(unlimited, { headers: { "x-tenant": "t1" }, clientAddress: "198.51.100.7" })).status).toBe(429);
    expect((await call(unlimited, { headers: { "x-tenant": "t2" } })).status).toBe(200);
  });

  it("refuses a limit that could never apply when the runtime is created", () => {
    expect(() => setup({ rateLimit: { operations: { listThings: { limit: 0, windowSeconds: 1 } } } })).toThrow(/rateLimit\.operations\.listThings/);
    const bad = { ...listThings, rateLimit: { limit: 3, windowSeconds: 0.5 } };
    expect(() => rt.createServerRuntime({ schemes: {}, verifiers: {}, contracts: [bad] })).toThrow(/listThings/);
  });

  it("lets requests through when the store fails, warning once per outage", async () => {
    let failing = true;
    const memory = new rt.MemoryRateLimitStore();
    const store = { hit: (key: string, limit: number, windowMs: number) => (failing ? Promise.reject(new Error("ECONNREFUSED")) : memory.hit(key, limit, windowMs)) };
    const { call, logger } = setup({ rateLimit: { store } });
    for (let i = 0; i < 4; i++) {
      const response = await call(listThings);
      expect(response.status).toBe(200);
      expect(response.headers["ratelimit"]).toBeUndefined();
    }
    failing = false;
    expect((await call(listThings)).headers["ratelimit"]).toBe('"listThings";r=1;t=60');
    expect(logger.entries.map((e) => e.message)).toEqual(["Rate limit store failed; requests pass unlimited until it answers again.", "Rate limit store answers again; limits apply."]);
  });

  it("lets browsers read the headers (CORS exposes them)", async () => {
    const { call } = setup({ cors: { origins: ["https://app.example"] } });
    const response = await call(listThings, { headers: { origin: "https://app.example" } });
    expect(response.headers["access-control-expose-headers"]).toContain("RateLimit-Policy, RateLimit");
  });
});

describe("clientAddressOf", () => {
  const raw = (forwarded?: string) => Object.assign(rawRequest({ headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded } }), { clientAddress: "10.0.0.2" });
  it("is the peer's address unless trustProxy says how many proxies wrote X-Forwarded-For", () => {
    expect(clientAddressOf(raw("203.0.113.9"), undefined)).toBe("10.0.0.2");
    expect(clientAddressOf(raw("203.0.113.9"), false)).toBe("10.0.0.2");
    expect(clientAddressOf(raw(), true)).toBe("10.0.0.2");
    expect(clientAddressOf(raw("6.6.6.6, 203.0.113.9, 10.0.0.1"), true)).toBe("6.6.6.6");
    // Two proxies of ours: the address the outer one saw; what the client wrote left of it is ignored.
    expect(clientAddressOf(raw("6.6.6.6, 203.0.113.9, 10.0.0.1"), 2)).toBe("203.0.113.9");
    expect(clientAddressOf(raw("203.0.113.9"), 5)).toBe("203.0.113.9");
  });
});
