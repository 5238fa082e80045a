/**
 * When and how long to wait before trying a request again: idempotent requests only, transient
 * failures only, full-jitter exponential backoff (so many clients do not retry in lockstep),
 * and the server's Retry-After when it gives one.
 */
import type { RateLimitInfo, RetryOptions } from "./types.js";

/** RetryOptions with every field set (Required alone would keep the `| undefined` the options allow). */
export type RetryPolicy = { [K in keyof RetryOptions]-?: NonNullable<RetryOptions[K]> };

/** A retry policy with the defaults filled in; `false` means no retries. */
export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  const o = options || {};
  return {
    retries: options === false ? 0 : (o.retries ?? 2),
    baseDelayMs: o.baseDelayMs ?? 250,
    maxDelayMs: o.maxDelayMs ?? 30_000,
    statuses: o.statuses ?? [408, 429, 502, 503, 504],
  };
}

/** Retry-After as milliseconds from now (delta-seconds or an HTTP date), never negative; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  // HTTP dates always name a day and month; this keeps Date.parse away from bare numbers.
  const date = /[a-z]/i.test(v) ? Date.parse(v) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const headerNumber = (headers: Headers, name: string): number | undefined => {
  const v = headers.get(`ratelimit-${name}`) ?? headers.get(`x-ratelimit-${name}`);
  const n = v == null || v.trim() === "" ? Number.NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** RateLimit-* / X-RateLimit-* and Retry-After. A reset given as a Unix time becomes seconds from now. */
export function rateLimitOf(headers: Headers, now: number = Date.now()): RateLimitInfo {
  let reset = headerNumber(headers, "reset");
  if (reset !== undefined && reset > 1e9) reset = Math.max(0, Math.ceil(reset - now / 1000));
  const found: [keyof RateLimitInfo, number | undefined][] = [
    ["limit", headerNumber(headers, "limit")],
    ["remaining", headerNumber(headers, "remaining")],
    ["reset", reset],
    ["retryAfterMs", parseRetryAfter(headers.get("retry-after"), now)],
  ];
  // Only the headers that were there, so the object prints and compares cleanly.
  const info: RateLimitInfo = {};
  for (const [key, value] of found) if (value !== undefined) info[key] = value;
  return info;
}

/** Full jitter: a uniform delay in [0, min(maxDelayMs, baseDelayMs * 2^attempt)). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
}

/** The wait before the next attempt: the server's Retry-After (capped) if it sent one, else backoff. */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random?: () => number): number {
  return retryAfterMs === undefined ? backoffDelay(policy, attempt, random) : Math.min(retryAfterMs, policy.maxDelayMs);
}

// Methods that RFC 9110 defines as idempotent: repeating them cannot apply a change twice.
const IDEMPOTENT = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE", "QUERY"];

/**
 * Whether to try again after `attempt` (0 = the first request) ended with `outcome`: a status
 * code, a network error or a timeout. Other requests are only repeated with an idempotency key,
 * which lets the server recognise the repeat.
 */
export function shouldRetry(policy: RetryPolicy, attempt: number, method: string, hasIdempotencyKey: boolean, outcome: number | "network" | "timeout"): boolean {
  if (attempt >= policy.retries) return false;
  if (!hasIdempotencyKey && !IDEMPOTENT.includes(method.toUpperCase())) return false;
  return typeof outcome === "string" || policy.statuses.includes(outcome);
}

/** Waits `ms`, rejecting with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
