import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter, rateLimitOf, retryDelay, retryPolicy, shouldRetry, sleep } from "../../../templates/client/runtime/retry.js";

const now = Date.parse("2026-01-01T00:00:00Z");
const policy = retryPolicy(undefined);

describe("Retry-After", () => {
  it.each([
    ["120", 120_000],
    [" 0 ", 0],
    ["1.5", 1500],
    ["Thu, 01 Jan 2026 00:00:30 GMT", 30_000],
    ["Wed, 31 Dec 2025 23:59:00 GMT", 0], // in the past: never negative
    ["soon", undefined],
    ["-5", undefined],
    ["", undefined],
    [null, undefined],
  ] as const)("%j → %j ms", (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe("retry policy and decisions", () => {
  it("fills defaults, and false means no retries", () => {
    expect(policy).toEqual({ retries: 2, baseDelayMs: 250, maxDelayMs: 30_000, statuses: [408, 429, 502, 503, 504] });
    expect(retryPolicy(false).retries).toBe(0);
    expect(retryPolicy({ retries: 5, baseDelayMs: undefined })).toMatchObject({ retries: 5, baseDelayMs: 250 });
  });

  it.each([
    ["GET", false, 503, 0, true],
    ["GET", false, 429, 1, true],
    ["GET", false, 503, 2, false], // attempts used up
    ["GET", false, 500, 0, false],
    ["GET", false, 404, 0, false],
    ["PUT", false, "network", 0, true],
    ["DELETE", false, "timeout", 0, true],
    ["HEAD", false, 408, 0, true],
    ["POST", false, 503, 0, false],
    ["POST", false, "network", 0, false],
    ["PATCH", false, "timeout", 0, false],
    ["POST", true, 503, 0, true],
    ["PATCH", true, "network", 1, true],
  ] as const)("%s key=%s outcome=%s attempt=%i → %s", (method, key, outcome, attempt, expected) => {
    expect(shouldRetry(policy, attempt, method, key, outcome)).toBe(expected);
  });

  it("custom statuses replace the defaults", () => {
    const p = retryPolicy({ statuses: [500] });
    expect(shouldRetry(p, 0, "GET", false, 500)).toBe(true);
    expect(shouldRetry(p, 0, "GET", false, 503)).toBe(false);
  });
});

describe("backoff", () => {
  it("is full jitter within [0, min(max, base * 2^attempt))", () => {
    const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect(backoffDelay(p, 0, () => 0)).toBe(0);
    expect(backoffDelay(p, 0, () => 0.5)).toBe(50);
    expect(backoffDelay(p, 2, () => 0.999)).toBeCloseTo(399.6);
    expect(backoffDelay(p, 10, () => 0.5)).toBe(500); // capped at maxDelayMs
    for (let attempt = 0; attempt < 8; attempt++) {
      const d = backoffDelay(p, attempt);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(Math.min(1000, 100 * 2 ** attempt));
    }
  });

  it("Retry-After wins over backoff, capped at maxDelayMs", () => {
    const p = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect(retryDelay(p, 0, 700, () => 0)).toBe(700);
    expect(retryDelay(p, 0, 60_000, () => 0)).toBe(1000);
    expect(retryDelay(p, 1, undefined, () => 0.25)).toBe(50);
  });
});

describe("rate limit headers", () => {
  it("reads RateLimit-* and X-RateLimit-*, turning a Unix reset into seconds", () => {
    expect(rateLimitOf(new Headers({ "ratelimit-limit": "100", "ratelimit-remaining": "7", "ratelimit-reset": "30", "retry-after": "2" }), now)).toEqual({
      limit: 100,
      remaining: 7,
      reset: 30,
      retryAfterMs: 2000,
    });
    expect(rateLimitOf(new Headers({ "x-ratelimit-limit": "60", "x-ratelimit-reset": String(now / 1000 + 90) }), now)).toEqual({ limit: 60, reset: 90 });
    expect(rateLimitOf(new Headers({ "x-ratelimit-remaining": "lots" }), now)).toEqual({});
  });
});

describe("sleep", () => {
  it("resolves after the delay and rejects with the abort reason", async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    await expect(sleep(1, AbortSignal.abort("already"))).rejects.toBe("already");
  });
});
