/**
 * RedisRateLimitStore against a real redis-server (started here, ports 6420-6421; the test fails
 * when redis-server is missing): the same answers as the memory store, atomic under concurrency,
 * one quota across two runtimes, and requests let through while Redis is down (issue 12).
 */
import "./copy-runtime.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as rt from "../../../.tmp/runtime-server-test/runtime/server/index.js";
import type { Handler } from "../../../.tmp/runtime-server-test/runtime/server/pipeline.js";
import { productionFromEnv } from "../../../.tmp/runtime-server-test/runtime/server/production.js";
import { connectRedis, type RedisConnection } from "../../../.tmp/runtime-server-test/runtime/server/redis.js";
import type { OperationContract } from "../../../.tmp/runtime-server-test/runtime/server/types.js";
import { type RedisServer, startRedis } from "../../helpers/redis-server.js";
import { rawRequest, recordingLogger } from "./helpers.js";

const listThings: OperationContract = {
  id: "listThings",
  method: "GET",
  path: "/things",
  pathParams: {},
  params: {},
  headerNames: [],
  responses: { "200": { contentTypes: ["application/json"] } },
  rateLimit: { limit: 3, windowSeconds: 60 },
};
const ok: Handler<unknown> = () => ({ status: 200, body: [] });
const request = (clientAddress = "192.0.2.1") => Object.assign(rawRequest({ url: "/things" }), { clientAddress });

let redis: RedisServer;
let connection: RedisConnection;
let run = 0;
/** This file's ports for Redis (the idempotency suites use 6400-6419). */
const RATE_LIMIT_REDIS_PORTS = Array.from({ length: 20 }, (_, i) => 6420 + i);
/** A prefix no earlier test used, so every test starts from empty counters. */
const freshPrefix = () => `test:${process.pid}:${run++}:`;

beforeAll(async () => {
  redis = await startRedis(RATE_LIMIT_REDIS_PORTS);
  connection = await connectRedis(redis.url);
});
afterAll(async () => {
  await connection?.close();
  await redis?.close();
});

describe("RedisRateLimitStore", () => {
  it("answers as the memory store does for any sequence of hits within a window (property-based)", async () => {
    const hits = fc.array(fc.record({ key: fc.constantFrom("a", "b", "c"), limit: fc.integer({ min: 1, max: 4 }) }), { maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(hits, async (steps) => {
        const store = new rt.RedisRateLimitStore(connection, { prefix: freshPrefix() });
        const memory = new rt.MemoryRateLimitStore();
        for (const { key, limit } of steps) {
          const [fromRedis, fromMemory] = await Promise.all([store.hit(key, limit, 60_000), memory.hit(key, limit, 60_000)]);
          expect({ allowed: fromRedis.allowed, remaining: fromRedis.remaining }).toEqual({ allowed: fromMemory.allowed, remaining: fromMemory.remaining });
          expect(fromRedis.resetMs).toBeGreaterThan(0);
          expect(fromRedis.resetMs).toBeLessThanOrEqual(60_000);
        }
      }),
      { numRuns: 40 },
    );
  });

  it("lets exactly `limit` of 200 concurrent hits through, and every window expires", async () => {
    const prefix = freshPrefix();
    const store = new rt.RedisRateLimitStore(connection, { prefix });
    const answers = await Promise.all(Array.from({ length: 200 }, () => store.hit("k", 10, 5000)));
    expect(answers.filter((a) => a.allowed)).toHaveLength(10);
    const ttl = Number(await connection.send(["PTTL", `${prefix}k`]));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
  });

  it("holds one quota across two runtimes that share it", async () => {
    const store = new rt.RedisRateLimitStore(connection, { prefix: freshPrefix() });
    const runtimes = [0, 1].map(() => rt.createServerRuntime({ schemes: {}, verifiers: {}, contracts: [listThings], options: { rateLimit: { store } } }));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await runtimes[i % 2]!.handle(listThings, ok, request())).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    // Another caller, on either instance, has its own quota.
    expect((await runtimes[1]!.handle(listThings, ok, request("192.0.2.2"))).headers["ratelimit"]).toBe('"listThings";r=2;t=60');
  });

  it("is the store productionFromEnv configures when REDIS_URL is set, and TRUST_PROXY sets trustProxy", async () => {
    const production = await productionFromEnv({ REDIS_URL: redis.url, TRUST_PROXY: "1" });
    try {
      expect(production.options.rateLimit?.store).toBeInstanceOf(rt.RedisRateLimitStore);
      expect(production.options.trustProxy).toBe(1);
    } finally {
      await production.close();
    }
    const local = await productionFromEnv({});
    expect(local.options.rateLimit).toBeUndefined();
    await expect(productionFromEnv({ TRUST_PROXY: "yes" })).rejects.toThrow(/TRUST_PROXY/);
  });
});

describe("with Redis down", () => {
  it("lets requests through without the headers, and warns once", async () => {
    const server = await startRedis(RATE_LIMIT_REDIS_PORTS);
    const down = await connectRedis(server.url, { onError: () => {} });
    try {
      const logger = recordingLogger();
      const runtime = rt.createServerRuntime({ schemes: {}, verifiers: {}, contracts: [listThings], options: { logger, rateLimit: { store: new rt.RedisRateLimitStore(down) } } });
      expect((await runtime.handle(listThings, ok, request())).headers["ratelimit"]).toBe('"listThings";r=2;t=60');
      await server.stop();
      for (let i = 0; i < 5; i++) {
        const response = await runtime.handle(listThings, ok, request());
        expect(response.status).toBe(200);
        expect(response.headers["ratelimit"]).toBeUndefined();
      }
      expect(logger.entries.map((e) => e.message)).toEqual(["Rate limit store failed; requests pass unlimited until it answers again."]);
    } finally {
      await down.close().catch(() => {});
      await server.close();
    }
  });
});
