/**
 * Idempotency keys (PRACTICES.md section 3): the first request with a key runs and its
 * response is stored; a retry with the same key and the same request gets that response
 * again, a different request under the same key is a 422, and a retry while the first is
 * still running is a 409.
 */
import { createHash } from "node:crypto";
import type { RawResponse } from "./types.js";

/** A stored response, replayed as it was (header names lower-case). */
export type StoredResponse = RawResponse;

/** What `begin` finds for a key. */
export type BeginResult = { state: "new" } | { state: "in-flight" } | { state: "done"; response: StoredResponse } | { state: "mismatch" };

/**
 * Where idempotent requests are remembered. Implement it over Redis or a database to share
 * keys between instances; `begin` must be atomic (claim the key only if it is free).
 */
export interface IdempotencyStore {
  /** Claims `key` for a request with `fingerprint` (state "new"), or reports what holds it. */
  begin(key: string, fingerprint: string, ttlMs: number): Promise<BeginResult>;
  /** Stores the response of the request that claimed `key`. */
  complete(key: string, response: StoredResponse): Promise<void>;
  /** Frees `key` (the request failed), so a retry runs again. */
  release(key: string): Promise<void>;
}

interface Entry {
  fingerprint: string;
  expiresAt: number;
  response?: StoredResponse;
}

/** Default key lifetime: 24 hours. */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The in-memory default: one process, expired entries dropped when met, and at most
 * `maxEntries` keys (the least recently used are dropped first; a Map keeps insertion order,
 * and touching an entry re-inserts it).
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  async begin(key: string, fingerprint: string, ttlMs: number): Promise<BeginResult> {
    const now = this.#now();
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > now) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      if (entry.fingerprint !== fingerprint) return { state: "mismatch" };
      return entry.response ? { state: "done", response: entry.response } : { state: "in-flight" };
    }
    this.#entries.delete(key);
    this.#entries.set(key, { fingerprint, expiresAt: now + ttlMs });
    if (this.#entries.size > this.#maxEntries) this.#evict();
    return { state: "new" };
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    const entry = this.#entries.get(key);
    if (entry) entry.response = response;
  }

  async release(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  /** Drops the least recently used entry (the Map's first); O(1), so a full store stays fast. */
  #evict(): void {
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }
}

/**
 * The store key: operation, a hash of the caller's credentials (so two callers never share a
 * replay, and credentials are never stored in clear) and the client's key.
 */
export function scopedKey(operationId: string, credentials: readonly (string | undefined)[], key: string): string {
  const hash = createHash("sha256");
  for (const value of credentials) hash.update(value ?? "").update("\0");
  return `${operationId}:${hash.digest("base64url")}:${key}`;
}

/** What makes two requests "the same": method, path with query, and the raw body bytes. */
export function fingerprintOf(method: string, url: string, body: Buffer | undefined): string {
  const hash = createHash("sha256").update(method).update("\0").update(url).update("\0");
  if (body) hash.update(body);
  return hash.digest("base64url");
}
