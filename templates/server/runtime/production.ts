/**
 * What a server needs to run in production, read from the environment by the scaffolded
 * main.ts: the shared stores when REDIS_URL is set, the logger, and the shutdown timeline. Node
 * only (it reads `process.env`); web-standard runtimes build the same options themselves.
 *
 * | variable | default | what |
 * |---|---|---|
 * | REDIS_URL | unset: stores in process memory | `redis://host:6379`: idempotency keys and rate limits shared by every instance |
 * | REDIS_KEY_PREFIX | `apigen:` | put before every key this server writes (idempotency keys under `<prefix>idempotency:`); give each API its own when they share a Redis |
 * | IDEMPOTENCY_TTL_MS | 86400000 (24 h) | how long a completed keyed request is replayed |
 * | IDEMPOTENCY_LEASE_MS | 10000 | how long a running keyed request's claim lasts unless renewed: after a crash, retries get 409 this long |
 * | SHUTDOWN_DELAY_MS | 5000 | after SIGTERM, readiness fails and connections are still accepted this long |
 * | DRAIN_TIMEOUT_MS | 25000 | then in-flight requests get this long to finish |
 */
import type { GracefulShutdownOptions } from "./lifecycle.js";
import { DEFAULT_IDEMPOTENCY_LEASE_MS, DEFAULT_IDEMPOTENCY_TTL_MS } from "./idempotency.js";
import { connectRedis, type RedisConnection } from "./redis.js";
import { RedisIdempotencyStore } from "./redis-idempotency.js";
import type { Logger, ServerOptions } from "./types.js";

export interface Production {
  /** The runtime's options: pass them to the app (`createExpressApp({ ..., options })`). */
  options: ServerOptions;
  /** The shutdown timeline for installGracefulShutdown. */
  shutdown: Pick<GracefulShutdownOptions, "drainTimeoutMs" | "logger">;
  /** The Redis connection when REDIS_URL is set. */
  redis: RedisConnection | undefined;
  /** Closes what this opened (the Redis connection); call it after the drain. */
  close(): Promise<void>;
}

export type Environment = Record<string, string | undefined>;

/** Reads the environment (see the table above) and connects what it names. */
export async function productionFromEnv(env: Environment = process.env): Promise<Production> {
  const logger: Logger = console;
  // Numbers first: a bad one fails startup before a connection is opened.
  // Zero would keep no key at all (a record that expires at once), so these must be at least 1.
  const idempotencyTtlMs = numberFrom(env, "IDEMPOTENCY_TTL_MS", DEFAULT_IDEMPOTENCY_TTL_MS, 1);
  const idempotencyLeaseMs = numberFrom(env, "IDEMPOTENCY_LEASE_MS", DEFAULT_IDEMPOTENCY_LEASE_MS, 1);
  const drainTimeoutMs = numberFrom(env, "DRAIN_TIMEOUT_MS", 25_000);
  const redis = env["REDIS_URL"] ? await connectRedis(env["REDIS_URL"], { onError: (error) => logger.warn("Redis connection error.", { error: String(error) }) }) : undefined;
  const options: ServerOptions = { logger, idempotencyTtlMs, idempotencyLeaseMs };
  if (redis) options.idempotencyStore = new RedisIdempotencyStore(redis, { prefix: `${env["REDIS_KEY_PREFIX"] ?? "apigen:"}idempotency:` });
  return {
    options,
    shutdown: { drainTimeoutMs, logger },
    redis,
    close: async () => {
      await redis?.close();
    },
  };
}

/** An integer of at least `min` (0) from the environment, or the default; anything else is a startup error naming the variable. */
export function numberFrom(env: Environment, name: string, fallback: number, min = 0): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  const rule = min === 0 ? "a non-negative integer" : `an integer of at least ${min}`;
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be ${rule} of milliseconds, not "${text}".`);
  return value;
}
