/**
 * Rate limits in every pack (issue 12): the example's server, limited through
 * ServerOptions.rateLimit and counted on a stopped clock, answers with RateLimit-Policy and
 * RateLimit, then the 429 problem with Retry-After, byte for byte the same in Express, Fastify,
 * Nest and Hono; the limit counts after authentication (a 401 is not counted) and each
 * authenticated caller has its own quota. The outputs are the conformance suite's (shared).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boot, type BootedServer, PACKS, type Pack, prepareOutput } from "./conformance/harness.js";

const ALICE = "Bearer alice-token";
const BOB = "Bearer bob-token";
/** pack -> the 429's status, headers (sorted, without date and connection) and body. */
const refusals = new Map<Pack, string>();

async function get(url: string, authorization?: string): Promise<{ status: number; headers: Headers; text: string }> {
  const headers: Record<string, string> = { "x-request-id": "rate-limit-case" };
  if (authorization) headers.authorization = authorization;
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const comparable = (answer: { status: number; headers: Headers; text: string }) =>
  [String(answer.status), ...[...answer.headers].filter(([name]) => !["date", "connection", "keep-alive"].includes(name)).map(([n, v]) => `${n}: ${v}`).sort(), answer.text].join("\n");

describe.each(PACKS)("%s server with rate limits", (pack: Pack) => {
  let srv: BootedServer;

  beforeAll(async () => {
    const dir = prepareOutput(pack);
    const { MemoryRateLimitStore } = await import(path.join(dir, "runtime", "server", "index.ts"));
    const store = new MemoryRateLimitStore({ now: () => 0 });
    const rateLimit = { store, operations: { getHealth: { limit: 2, windowSeconds: 60 }, listOrders: { limit: 1, windowSeconds: 30, name: "orders" } } };
    srv = await boot(pack, dir, { options: { rateLimit } });
  }, 180_000);
  afterAll(() => srv?.close());

  it("labels every answer with the policy and what is left, then answers 429 with Retry-After", async () => {
    const first = await get(`${srv.url}/health`);
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toBe('"getHealth";q=2;w=60');
    expect(first.headers.get("ratelimit")).toBe('"getHealth";r=1;t=60');
    expect((await get(`${srv.url}/health`)).headers.get("ratelimit")).toBe('"getHealth";r=0;t=60');
    const refused = await get(`${srv.url}/health`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.headers.get("ratelimit")).toBe('"getHealth";r=0;t=60');
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(JSON.parse(refused.text)).toMatchObject({ status: 429, code: "RATE_LIMIT_EXCEEDED", instance: "/health", request_id: "rate-limit-case" });
    refusals.set(pack, comparable(refused));
    // Every adapter gave the runtime the client's address (Hono on Node through @hono/node-server's incoming).
    expect(srv.logs.filter((entry) => entry.message.includes("address is unknown"))).toEqual([]);
  });

  it("counts after authentication, each caller on its own quota", async () => {
    const anonymous = await get(`${srv.url}/orders`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("ratelimit")).toBeNull();
    expect((await get(`${srv.url}/orders`, ALICE)).headers.get("ratelimit")).toBe('"orders";r=0;t=30');
    expect((await get(`${srv.url}/orders`, ALICE)).status).toBe(429);
    expect((await get(`${srv.url}/orders`, BOB)).status).toBe(200);
  });
});

describe("across packs", () => {
  it("every pack refused with the same bytes", () => {
    expect([...refusals.keys()]).toEqual([...PACKS]);
    expect(new Set(refusals.values()).size).toBe(1);
  });
});
