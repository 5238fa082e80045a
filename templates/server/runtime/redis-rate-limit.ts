/**
 * Rate limits counted in Redis, so that every instance of a server shares one quota per caller.
 * Each request is one round trip: a Lua script that increments the window's counter and starts
 * its expiry on the first request, atomically (two instances can never both take the last
 * request of a quota, and a window can never be left without an expiry).
 */
import type { RateLimitHit, RateLimitStore } from "./rate-limit.js";
import type { RedisConnection } from "./redis.js";

/**
 * KEYS[1] the window's counter, ARGV[1] the window in ms; answers { count, ms until reset }.
 * Sent with EVAL each time rather than EVALSHA: Redis caches the compiled script by its hash
 * either way, and EVAL never meets NOSCRIPT after a Redis restart or failover.
 */
const HIT_SCRIPT = `local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

export interface RedisRateLimitStoreOptions {
  /** Prepended to every key (default `apigen:ratelimit:`), to share a Redis with other data. */
  prefix?: string;
}

export class RedisRateLimitStore implements RateLimitStore {
  readonly #redis: RedisConnection;
  readonly #prefix: string;

  constructor(redis: RedisConnection, options: RedisRateLimitStoreOptions = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? "apigen:ratelimit:";
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitHit> {
    const reply = await this.#redis.send(["EVAL", HIT_SCRIPT, "1", this.#prefix + key, String(Math.max(1, Math.round(windowMs)))]);
    if (!Array.isArray(reply) || reply.length !== 2) throw new Error(`Unexpected reply from Redis to the rate-limit script: ${String(reply)}`);
    const count = Number(reply[0]);
    const resetMs = Number(reply[1]);
    return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetMs };
  }
}
