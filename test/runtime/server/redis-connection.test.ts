/**
 * The Redis connection the stores share (runtime/server/redis.ts) against a real redis-server
 * that goes away and comes back: commands fail at once while it is gone (no queue of waiting
 * requests), the outage is reported once however often the client retries, and its end once; a
 * Redis that hangs instead (paused) fails commands after the command timeout, as a down one does.
 */
import "./copy-runtime.js";
import { afterAll, expect, it } from "vitest";
import { connectRedis } from "../../../.tmp/runtime-server-test/runtime/server/redis.js";
import { type RedisServer, startRedis } from "../../helpers/redis-server.js";

/** This file's ports (the other Redis suites use 6400-6439). */
const PORTS = Array.from({ length: 10 }, (_, i) => 6440 + i);
let redis: RedisServer | undefined;
afterAll(async () => redis?.close());

it("fails a command that gets no reply within the command timeout (a hung Redis), and goes on once Redis answers again", async () => {
  redis ??= await startRedis(PORTS);
  const connection = await connectRedis(redis.url, { commandTimeoutMs: 300 });
  const admin = await connectRedis(redis.url);
  try {
    expect(await connection.send(["SET", "hung", "v"])).toBe("OK");
    // CLIENT PAUSE holds every client's commands, unanswered, for 2 s: Redis alive but not answering.
    await admin.send(["CLIENT", "PAUSE", "2000", "ALL"]);
    const started = Date.now();
    await expect(connection.send(["GET", "hung"])).rejects.toThrow(/timed out/i);
    expect(Date.now() - started).toBeLessThan(1_500);
    await expect.poll(() => connection.send(["GET", "hung"]).catch(() => "failing"), { timeout: 10_000, interval: 200 }).toBe("v");
  } finally {
    await admin.send(["CLIENT", "UNPAUSE"]).catch(() => {});
    await Promise.all([connection.close(), admin.close()]);
  }
});

it("fails commands at once while Redis is down, reports the outage once and the recovery once", async () => {
  redis ??= await startRedis(PORTS);
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
