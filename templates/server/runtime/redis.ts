/**
 * The Redis connection the shared stores use (idempotency, rate limits). The stores need one
 * thing of a client, to send a command and get its reply, so they take this small interface and
 * not a client library: any client fits in a few lines. `connectRedis` makes one with
 * `@redis/client` (node-redis, maintained by Redis itself), an optional peer dependency: it is
 * imported only when a server is configured with a Redis URL (`npm i @redis/client`).
 */

import { optionalImport } from "./optional-import.js";

/** One connection to Redis, as the stores use it. */
export interface RedisConnection {
  /** Sends one command (`["SET", key, value, "PX", "1000"]`) and resolves to its reply; rejects when Redis cannot be reached. */
  send(args: readonly string[]): Promise<unknown>;
  /** Closes the connection (pending commands finish first). */
  close(): Promise<void>;
}

/** What of @redis/client's client this module uses. */
interface NodeRedisClient {
  connect(): Promise<unknown>;
  sendCommand(args: string[], options?: { timeout?: number; rejectInFlight?: boolean }): Promise<unknown>;
  close(): Promise<unknown>;
  on(event: "error", listener: (error: unknown) => void): unknown;
  on(event: "ready", listener: () => void): unknown;
}

export interface ConnectRedisOptions {
  /**
   * Called when the connection fails (Redis down); the stores' commands fail meanwhile. Once per
   * outage: the client's reconnection attempts, one every second or so, do not call it again.
   */
  onError?: (error: unknown) => void;
  /** Called when the connection is back after an outage. */
  onRecover?: () => void;
  /**
   * How long a command may wait for its reply (default 2 s). A Redis that hangs instead of
   * dropping the connection (paused, swapping, a stalled failover) would otherwise hold every
   * keyed request; past this the command fails, as for an outage. The command may still have run.
   */
  commandTimeoutMs?: number;
}

/** Default wait for a reply: far above a healthy Redis's sub-millisecond answers, below a client's patience. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2_000;

/**
 * Connects to `url` (`redis://host:6379`) with @redis/client. Commands sent while Redis is
 * unreachable fail at once instead of queueing, and a command with no reply within
 * `commandTimeoutMs` fails too (the requests that sent them answer 503 and the client reconnects in
 * the background), so neither an outage nor a hung Redis piles up waiting requests.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<RedisConnection> {
  const library = await optionalImport<{ createClient(options: Record<string, unknown>): NodeRedisClient }>("@redis/client");
  if (library === undefined) throw new Error("REDIS_URL is set but @redis/client is not installed: npm i @redis/client");
  const client = library.createClient({ url, disableOfflineQueue: true });
  let failing = false;
  client.on("error", (error) => {
    if (failing) return;
    failing = true;
    options.onError?.(error);
  });
  client.on("ready", () => {
    if (!failing) return;
    failing = false;
    options.onRecover?.();
  });
  await client.connect();
  // rejectInFlight: the timeout covers a command already sent and waiting for its reply too.
  const commandOptions = { timeout: options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS, rejectInFlight: true };
  return {
    send: (args) => client.sendCommand([...args], commandOptions),
    close: async () => {
      await client.close();
    },
  };
}
