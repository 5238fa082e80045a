/**
 * The Redis connection the stores share (runtime/server/redis.ts) against a real redis-server
 * that goes away and comes back: commands fail at once while it is gone (no queue of waiting
 * requests), the outage is reported once however often the client retries, and its end once.
 */
import "./copy-runtime.js";
import { afterAll, expect, it } from "vitest";
import { connectRedis } from "../../../.tmp/runtime-server-test/runtime/server/redis.js";
import { type RedisServer, startRedis } from "../../helpers/redis-server.js";

/** This file's ports (the other Redis suites use 6400-6439). */
const PORTS = Array.from({ length: 10 }, (_, i) => 6440 + i);
let redis: RedisServer | undefined;
afterAll(async () => redis?.close());

it("fails commands at once while Redis is down, reports the outage once and the recovery once", async () => {
  redis = await startRedis(PORTS);
  const events: string[] = [];
  const connection = await connectRedis(redis.url, { onError: () => events.push("error"), onRecover: () => events.push("recover") });
  try {
    expect(await connection.send(["SET", "k", "v"])).toBe("OK");
    await redis.stop();
    const started = Date.now();
    await expect(connection.send(["GET", "k"])).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
    // The client retries the connection meanwhile (about every 50-500 ms at first): still one report.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(events).toEqual(["error"]);
    await redis.start();
    await expect.poll(() => events, { timeout: 10_000 }).toEqual(["error", "recover"]);
    expect(await connection.send(["GET", "k"])).toBe("v");
  } finally {
    await connection.close();
  }
});
