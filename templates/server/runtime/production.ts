/**
 * What a server needs to run in production, read from the environment by the scaffolded
 * main.ts: the shared stores when REDIS_URL is set, the logger, and the shutdown timeline. Node
 * only (it reads `process.env`); web-standard runtimes build the same options themselves.
 *
 * | variable | default | what |
 * |---|---|---|
 * | REDIS_URL | unset: stores in process memory | `redis://host:6379`: idempotency keys and rate limits shared by every instance |
 * | REDIS_KEY_PREFIX | `apigen:` | put before every key this server writes (`<prefix>idempotency:`, `<prefix>ratelimit:`); give each API its own when they share a Redis |
 * | REDIS_COMMAND_TIMEOUT_MS | 2000 | a Redis command without a reply this long fails (a hung Redis answers like a down one: 503 for keyed requests) |
 * | IDEMPOTENCY_TTL_MS | 86400000 (24 h) | how long a completed keyed request is replayed |
 * | IDEMPOTENCY_LEASE_MS | 10000 | how long a running keyed request's claim lasts unless renewed: after a crash, retries get 409 this long |
 * | TRUST_PROXY | unset: the peer's address | `true` or a number of proxies: the client's address (rate limits) from X-Forwarded-For (`ServerOptions.trustProxy`) |
 * | SHUTDOWN_DELAY_MS | 5000 | after SIGTERM, readiness fails and connections are still accepted this long |
 * | DRAIN_TIMEOUT_MS | 25000 | then in-flight requests get this long to finish |
 * | LOG_LEVEL | info | `silent`, `error`, `warn`, `info` (one access line per request), `debug` |
 * | OTEL_SDK_DISABLED | unset | `true`: no spans or metrics even with @opentelemetry/api installed |
 *
 * Logs are JSON lines on stdout: through pino when it is installed (`npm i pino`, an optional
 * peer), else through console.log. Tracing and metrics go through @opentelemetry/api when it is
 * installed (an optional peer): register an SDK before main runs (`node --import ./otel.js`);
 * without one the API does nothing, at no measurable cost.
 */
import type { GracefulShutdownOptions } from "./lifecycle.js";
import { DEFAULT_IDEMPOTENCY_LEASE_MS, DEFAULT_IDEMPOTENCY_TTL_MS } from "./idempotency.js";
import { jsonLinesLogger, LOG_LEVELS, type LogLevel, type PinoLike, pinoLogger } from "./json-logger.js";
import { optionalImport } from "./optional-import.js";
import { connectRedis, DEFAULT_REDIS_COMMAND_TIMEOUT_MS, type RedisConnection } from "./redis.js";
import { RedisIdempotencyStore } from "./redis-idempotency.js";
import { RedisRateLimitStore } from "./redis-rate-limit.js";
import type { TelemetryApi } from "./telemetry.js";
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
  // Numbers first: a bad one fails startup before a connection is opened.
  // Zero would keep no key at all (a record that expires at once), so these must be at least 1.
  const idempotencyTtlMs = numberFrom(env, "IDEMPOTENCY_TTL_MS", DEFAULT_IDEMPOTENCY_TTL_MS, 1);
  const idempotencyLeaseMs = numberFrom(env, "IDEMPOTENCY_LEASE_MS", DEFAULT_IDEMPOTENCY_LEASE_MS, 1);
  const shutdown = { readinessDelayMs: numberFrom(env, "SHUTDOWN_DELAY_MS", 5_000), drainTimeoutMs: numberFrom(env, "DRAIN_TIMEOUT_MS", 25_000) };
  const commandTimeoutMs = numberFrom(env, "REDIS_COMMAND_TIMEOUT_MS", DEFAULT_REDIS_COMMAND_TIMEOUT_MS, 1);
  const trustProxy = trustProxyFrom(env);
  const logger = await loggerFromEnv(env);
  const telemetry = env["OTEL_SDK_DISABLED"] === "true" ? undefined : await optionalImport<TelemetryApi>("@opentelemetry/api");
  const redis = env["REDIS_URL"] ? await connectRedis(env["REDIS_URL"], {
        onError: (error) => logger.warn("Redis is unreachable; keyed requests answer 503 and rate limits pass until it is back.", { error: String(error) }),
        onRecover: () => logger.warn("Redis is reachable again.", {}),
        commandTimeoutMs,
      }) : undefined;
  const options: ServerOptions = { logger, idempotencyTtlMs, idempotencyLeaseMs, ...(telemetry ? { telemetry } : {}) };
  if (trustProxy !== undefined) options.trustProxy = trustProxy;
  // With Redis, idempotency keys and rate limits hold across every instance; without it, each process keeps its own.
  if (redis) {
    const prefix = env["REDIS_KEY_PREFIX"] ?? "apigen:";
    options.idempotencyStore = new RedisIdempotencyStore(redis, { prefix: `${prefix}idempotency:` });
    options.rateLimit = { store: new RedisRateLimitStore(redis, { prefix: `${prefix}ratelimit:` }) };
  }
  return {
    options,
    shutdown: { ...shutdown, logger },
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

/** The JSON logger at LOG_LEVEL (default info): pino's when pino is installed, else JSON lines through console.log. */
export async function loggerFromEnv(env: Environment): Promise<Logger> {
  const level = (env["LOG_LEVEL"] || "info") as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, not "${level}".`);
  const pino = await optionalImport<{ default: (options: { level: string }) => PinoLike }>("pino");
  return pino ? pinoLogger(pino.default({ level })) : jsonLinesLogger(level);
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
