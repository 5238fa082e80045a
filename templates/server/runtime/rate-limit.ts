/**
 * Rate limits (PRACTICES.md section 6): each caller gets `limit` requests per operation (or per
 * named policy) in a window of `windowSeconds`, counted in a RateLimitStore. The default store is
 * this process's memory; with several instances, RedisRateLimitStore (./redis-rate-limit.ts)
 * counts for all of them.
 *
 * The algorithm is a fixed window started by the caller's first request: the count resets
 * `windowSeconds` after that request. It is the draft's own model (a quota `q` per window `w`,
 * the remaining quota `r` and the seconds `t` until it resets), so the headers state exactly what
 * the store counts, and it is one atomic INCR in Redis. A sliding window smooths the burst a
 * fixed one allows at a window's edge (up to twice the limit across two windows), but its `r`
 * and `t` are estimates that a client honouring them can still run into.
 */
import type { RateLimitPolicy, RawRequest } from "./types.js";

/** What a store answers for one request: whether it is within the limit, what is left, and when the window resets. */
export interface RateLimitHit {
  allowed: boolean;
  /** Requests left in the window after this one (0 when refused). */
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/**
 * Where requests are counted. Implement it over any shared store; `hit` must count and answer
 * atomically (two instances hitting at once must not both see the last request of a quota).
 * A store that fails (rejects) lets the request through: see ./rate-limit-step.ts.
 */
export interface RateLimitStore {
  /** Counts one request under `key` in a window of `windowMs` (started now if none runs), against `limit`. */
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitHit>;
}

/** Who a request counts against, for a `key` function. */
export interface RateLimitCaller {
  operationId: string;
  /** The authenticated principal, when the operation has security and the caller passed it. */
  principal: unknown;
  /** The client's address (`trustProxy` applied), when known. */
  clientAddress: string | undefined;
  request: RawRequest;
}

/** `ServerOptions.rateLimit`. */
export interface RateLimitOptions {
  /** Where requests are counted (default: a MemoryRateLimitStore, one process). */
  store?: RateLimitStore | undefined;
  /** The limit of every operation that has none from the spec or `operations` (default: none). */
  default?: RateLimitPolicy | undefined;
  /** By operation id (`createOrder`): a limit that replaces the spec's `x-ratelimit`, or `false` for none. */
  operations?: Record<string, RateLimitPolicy | false> | undefined;
  /**
   * The caller a request counts against (default: a hash of the credentials when the request is
   * authenticated, else the client's address). Return undefined to fall back to the default.
   */
  key?: ((caller: RateLimitCaller) => string | undefined) | undefined;
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * The in-memory store: one process. At most `maxKeys` windows are kept (callers times policies);
 * past that the oldest window is dropped (a Map keeps insertion order, which is the order windows
 * started), so a flood of distinct callers cannot grow the process without limit. A caller whose
 * window was dropped starts a new one with a whole quota: under that pressure a caller may get
 * more than its limit, but is never refused unless `limit` of its requests went through within
 * the last window.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #windows = new Map<string, Window>();
  readonly #maxKeys: number;
  readonly #now: () => number;

  constructor(options: { maxKeys?: number; now?: () => number } = {}) {
    this.#maxKeys = options.maxKeys ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  /** Windows held (expired ones included until met or dropped). */
  get size(): number {
    return this.#windows.size;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitHit> {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      if (window !== undefined) this.#windows.delete(key);
      window = { count: 0, resetAt: now + windowMs };
      this.#windows.set(key, window);
      this.#prune(now);
    }
    // Refused requests count too, as in Redis's INCR: both stores answer alike.
    window.count++;
    return { allowed: window.count <= limit, remaining: Math.max(0, limit - window.count), resetMs: window.resetAt - now };
  }

  /** Drops up to two expired windows from the front (amortised cleanup), then the oldest ones past `maxKeys`. */
  #prune(now: number): void {
    for (let i = 0; i < 2; i++) {
      const first = this.#windows.entries().next();
      if (first.done || first.value[1].resetAt > now) break;
      this.#windows.delete(first.value[0]);
    }
    while (this.#windows.size > this.#maxKeys) this.#windows.delete(this.#windows.keys().next().value as string);
  }
}
