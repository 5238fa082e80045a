/**
 * The idempotency stores against one contract: the in-memory default and the Redis store over a
 * real redis-server (test/helpers/redis-server.ts; a missing redis-server fails these tests).
 * The same cases run on both, and a model test checks that they answer every random sequence of
 * begin/renew/complete/release alike. Leases and TTLs that must lapse are short and waited out
 * with a wide margin; those that must not lapse are long, so no case depends on timing.
 */
import "./copy-runtime.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IdempotencyStore, MemoryIdempotencyStore, type StoredResponse } from "../../../.tmp/runtime-server-test/runtime/server/idempotency.js";
import { RedisIdempotencyStore } from "../../../.tmp/runtime-server-test/runtime/server/redis-idempotency.js";
import { productionFromEnv } from "../../../.tmp/runtime-server-test/runtime/server/production.js";
import { connectRedis, type RedisConnection } from "../../../.tmp/runtime-server-test/runtime/server/redis.js";
import { type RedisServer, startRedis } from "../../helpers/redis-server.js";

const LONG = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: RedisServer;
let redis: RedisConnection;
let prefixes = 0;
/** A Redis store of its own (a fresh key prefix), so no case sees another's keys. */
const freshRedisStore = () => new RedisIdempotencyStore(redis, { prefix: `test:${process.pid}:${++prefixes}:` });

beforeAll(async () => {
  server = await startRedis();
  redis = await connectRedis(server.url);
});

afterAll(async () => {
  await redis?.close();
  await server?.close();
});

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
const responses: [string, StoredResponse][] = [
  ["a JSON string body", { status: 201, headers: { "content-type": "application/json", location: "/payments/1", etag: '"x"' }, body: '{"id":"é✓😀","n":1}' }],
  ["every byte value", { status: 200, headers: { "content-type": "application/octet-stream" }, body: allBytes }],
  ["no body", { status: 204, headers: {} }],
  ["an empty body", { status: 200, headers: { "content-type": "text/plain" }, body: "" }],
];

describe.each([
  ["memory", () => new MemoryIdempotencyStore()],
  ["redis", freshRedisStore],
] as const)("%s store", (_name, makeStore) => {
  it("claims a key once; the same request meanwhile is in flight, another is a mismatch", async () => {
    const store: IdempotencyStore = makeStore();
    expect(await store.begin("k", "f", "o1", LONG)).toEqual({ state: "new" });
    expect(await store.begin("k", "f", "o2", LONG)).toEqual({ state: "in-flight" });
    expect(await store.begin("k", "g", "o2", LONG)).toEqual({ state: "mismatch" });
    expect(await store.begin("other", "f", "o2", LONG)).toEqual({ state: "new" });
  });

  it.each(responses)("replays %s exactly as stored", async (_what, response) => {
    const store: IdempotencyStore = makeStore();
    await store.begin("k", "f", "o1", LONG);
    expect(await store.complete("k", "o1", response, LONG)).toBe(true);
    const replay = await store.begin("k", "f", "o2", LONG);
    expect(replay).toEqual({ state: "done", response });
    if (response.body instanceof Uint8Array && replay.state === "done") expect(replay.response.body).toBeInstanceOf(Uint8Array);
    expect(await store.begin("k", "g", "o2", LONG)).toEqual({ state: "mismatch" });
  });

  it("lets only the owner renew, complete or release its claim", async () => {
    const store: IdempotencyStore = makeStore();
    await store.begin("k", "f", "o1", LONG);
    expect(await store.renew("k", "o2", LONG)).toBe(false);
    expect(await store.complete("k", "o2", responses[0]![1], LONG)).toBe(false);
    await store.release("k", "o2");
    expect(await store.begin("k", "f", "o2", LONG)).toEqual({ state: "in-flight" });
    expect(await store.renew("k", "o1", LONG)).toBe(true);
    await store.release("k", "o1");
    expect(await store.begin("k", "g", "o2", LONG)).toEqual({ state: "new" });
    expect(await store.renew("missing", "o1", LONG)).toBe(false);
  });

  it("gives a key whose lease lapsed to the next request; the old owner can then neither complete nor release it", async () => {
    const store: IdempotencyStore = makeStore();
    await store.begin("k", "f", "o1", 50);
    await sleep(200);
    expect(await store.renew("k", "o1", LONG)).toBe(false);
    expect(await store.begin("k", "g", "o2", LONG)).toEqual({ state: "new" });
    expect(await store.complete("k", "o1", responses[0]![1], LONG)).toBe(false);
    await store.release("k", "o1");
    expect(await store.begin("k", "g", "o3", LONG)).toEqual({ state: "in-flight" });
  });

  it("keeps a renewed claim past its first lease, and a completed record for its TTL only", async () => {
    const store: IdempotencyStore = makeStore();
    // A first lease of 500 ms: under a loaded CI machine 50 ms ran out before the renewal arrived.
    await store.begin("k", "f", "o1", 500);
    expect(await store.renew("k", "o1", LONG)).toBe(true);
    await sleep(1000);
    expect(await store.begin("k", "f", "o2", LONG)).toEqual({ state: "in-flight" });
    expect(await store.complete("k", "o1", responses[0]![1], 300)).toBe(true);
    await sleep(700);
    expect(await store.begin("k", "g", "o2", LONG)).toEqual({ state: "new" });
  });
});

describe("RedisIdempotencyStore", () => {
  it("keeps keys under its prefix, running ones for the lease and complete ones for the TTL (Redis's clock)", async () => {
    const store = new RedisIdempotencyStore(redis, { prefix: "prefix-test:" });
    await store.begin("k", "f", "o1", 30_000);
    const leased = Number(await redis.send(["PTTL", "prefix-test:k"]));
    expect(leased).toBeGreaterThan(25_000);
    expect(leased).toBeLessThanOrEqual(30_000);
    await store.complete("k", "o1", responses[0]![1], 86_400_000);
    expect(Number(await redis.send(["PTTL", "prefix-test:k"]))).toBeGreaterThan(86_000_000);
    await redis.send(["DEL", "prefix-test:k"]);
  });

  it("loads its scripts again when Redis forgot them (as after a restart)", async () => {
    const store = freshRedisStore();
    await store.begin("k", "f", "o1", LONG);
    await redis.send(["SCRIPT", "FLUSH"]);
    expect(await store.begin("k", "f", "o2", LONG)).toEqual({ state: "in-flight" });
    await redis.send(["SCRIPT", "FLUSH"]);
    expect(await store.complete("k", "o1", responses[1]![1], LONG)).toBe(true);
  });

  it("rejects at once while Redis is down, and works again once it is back", async () => {
    const own = await connectRedis(server.url);
    const store = new RedisIdempotencyStore(own, { prefix: "down-test:" });
    try {
      await store.begin("k", "f", "o1", LONG);
      await server.stop();
      await expect(store.begin("k", "f", "o2", LONG)).rejects.toThrow();
      await expect(store.renew("k", "o1", LONG)).rejects.toThrow();
      await server.start();
      // The clients reconnect in the background; the claim survived the restart (append-only file).
      await reconnected(own);
      await reconnected(redis);
      expect(await store.begin("k", "f", "o2", LONG)).toEqual({ state: "in-flight" });
      expect(await store.complete("k", "o1", responses[0]![1], LONG)).toBe(true);
    } finally {
      await own.close().catch(() => {});
    }
  });
});

/** Resolves once `connection` answers again (node-redis reconnects with a growing delay, under a second at first). */
async function reconnected(connection: RedisConnection): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      await connection.send(["PING"]);
      return;
    } catch (error) {
      if (tries > 200) throw error;
      await sleep(25);
    }
  }
}

type Op =
  | { op: "begin"; key: string; fingerprint: string; owner: string }
  | { op: "renew" | "release"; key: string; owner: string }
  | { op: "complete"; key: string; owner: string; response: number };

const key = fc.constantFrom("a", "b");
const owner = fc.constantFrom("o1", "o2", "o3");
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("begin" as const), key, fingerprint: fc.constantFrom("f", "g"), owner }),
  fc.record({ op: fc.constantFrom("renew" as const, "release" as const), key, owner }),
  fc.record({ op: fc.constant("complete" as const), key, owner, response: fc.integer({ min: 0, max: responses.length - 1 }) }),
);

function apply(store: IdempotencyStore, step: Op): Promise<unknown> {
  if (step.op === "begin") return store.begin(step.key, step.fingerprint, step.owner, LONG);
  if (step.op === "renew") return store.renew(step.key, step.owner, LONG);
  if (step.op === "release") return store.release(step.key, step.owner);
  return store.complete(step.key, step.owner, responses[step.response]![1], LONG);
}

describe("the Redis store against the in-memory one (model test)", () => {
  it("answers every sequence of begin, renew, complete and release alike", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (steps) => {
        const memory = new MemoryIdempotencyStore();
        const shared = freshRedisStore();
        for (const step of steps) expect(await apply(shared, step)).toEqual(await apply(memory, step));
      }),
      { numRuns: 150 },
    );
  });
});

describe("productionFromEnv", () => {
  it("uses the Redis store under REDIS_KEY_PREFIX when REDIS_URL is set, with the lease and TTL of the environment", async () => {
    const production = await productionFromEnv({ REDIS_URL: server.url, REDIS_KEY_PREFIX: "env-test:", IDEMPOTENCY_LEASE_MS: "1234", IDEMPOTENCY_TTL_MS: "5678" });
    try {
      expect(production.options.idempotencyStore).toBeInstanceOf(RedisIdempotencyStore);
      expect([production.options.idempotencyLeaseMs, production.options.idempotencyTtlMs]).toEqual([1234, 5678]);
      await production.options.idempotencyStore!.begin("k", "f", "o1", LONG);
      expect(await redis.send(["EXISTS", "env-test:idempotency:k"])).toBe(1);
    } finally {
      await production.close();
    }
  });

  it("keeps the memory default without REDIS_URL, and refuses a lease or TTL of 0 or not a number", async () => {
    const production = await productionFromEnv({});
    expect([production.options.idempotencyStore, production.options.idempotencyLeaseMs, production.options.idempotencyTtlMs]).toEqual([undefined, 10_000, 86_400_000]);
    await expect(productionFromEnv({ IDEMPOTENCY_LEASE_MS: "0" })).rejects.toThrow('IDEMPOTENCY_LEASE_MS must be an integer of at least 1 of milliseconds, not "0".');
    await expect(productionFromEnv({ IDEMPOTENCY_TTL_MS: "1d" })).rejects.toThrow(/IDEMPOTENCY_TTL_MS/);
  });
});
