/**
 * What a server needs to run in production, read from the environment by the scaffolded
 * main.ts: the shared stores when REDIS_URL is set, the logger, and the shutdown timeline. Node
 * only (it reads `process.env`); web-standard runtimes build the same options themselves.
 *
 * | variable | default | what |
 * |---|---|---|
 * | REDIS_URL | unset: stores in process memory | `redis://host:6379`: idempotency keys and rate limits shared by every instance |
 * | TRUST_PROXY | unset: the peer's address | `true` or a number of proxies: the client's address (rate limits) from X-Forwarded-For (`ServerOptions.trustProxy`) |
 * | SHUTDOWN_DELAY_MS | 5000 | after SIGTERM, readiness fails and connections are still accepted this long |
 * | DRAIN_TIMEOUT_MS | 25000 | then in-flight requests get this long to finish |
 */
import type { GracefulShutdownOptions } from "./lifecycle.js";
import { connectRedis, type RedisConnection } from "./redis.js";
import { RedisRateLimitStore } from "./redis-rate-limit.js";
import type { Logger, ServerOptions } from "./types.js";

export interface Production {
  /** The runtime's options: pass them to the app (`createExpressApp({ ..., options })`). */
  options: ServerOptions;
  /** The shutdown timeline for installGracefulShutdown. */
  shutdown: Pick<GracefulShutdownOptions, "readinessDelayMs" | "drainTimeoutMs" | "logger">;
  /** The Redis connection when REDIS_URL is set. */
  redis: RedisConnection | undefined;
  /** Closes what this opened (the Redis connection); call it after the drain. */
  close(): Promise<void>;
}

export type Environment = Record<string, string | undefined>;

/** Reads the environment (see the table above) and connects what it names. */
export async function productionFromEnv(env: Environment = process.env): Promise<Production> {
  const logger: Logger = console;
  const redis = env["REDIS_URL"] ? await connectRedis(env["REDIS_URL"], { onError: (error) => logger.warn("Redis connection error.", { error: String(error) }) }) : undefined;
  const options: ServerOptions = { logger };
  const trustProxy = trustProxyFrom(env);
  if (trustProxy !== undefined) options.trustProxy = trustProxy;
  // Rate limits counted in Redis hold across every instance; without it, each process counts its own.
  if (redis) options.rateLimit = { store: new RedisRateLimitStore(redis) };
  return {
    options,
    shutdown: { readinessDelayMs: numberFrom(env, "SHUTDOWN_DELAY_MS", 5_000), drainTimeoutMs: numberFrom(env, "DRAIN_TIMEOUT_MS", 25_000), logger },
    redis,
    close: async () => {
      await redis?.close();
    },
  };
}

/** TRUST_PROXY: `true`, `false` or a number of proxies; anything else is a startup error. */
function trustProxyFrom(env: Environment): boolean | number | undefined {
  const text = env["TRUST_PROXY"];
  if (text === undefined || text === "") return undefined;
  if (text === "true" || text === "false") return text === "true";
  const hops = Number(text);
  if (!Number.isInteger(hops) || hops < 0) throw new Error(`TRUST_PROXY must be true, false or a number of proxies, not "${text}".`);
  return hops;
}

/** A non-negative integer from the environment, or the default; anything else is a startup error naming the variable. */
export function numberFrom(env: Environment, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer of milliseconds, not "${text}".`);
  return value;
}
