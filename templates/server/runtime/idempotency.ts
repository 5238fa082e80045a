/**
 * Idempotency keys (PRACTICES.md section 3): the first request with a key runs and its
 * response is stored; a retry with the same key and the same request gets that response
 * again, a different request under the same key is a 422, and a retry while the first is
 * still running is a 409.
 */
import { base64url, byteLength } from "./bytes.js";
import { sha256 } from "./digest.js";
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
  /** Bytes the stored response holds (body and headers), counted against `maxBytes`. */
  bytes: number;
}

/** Default key lifetime: 24 hours. */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Default bound of the in-memory store: stored response bytes (64 MiB). */
export const DEFAULT_IDEMPOTENCY_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The in-memory default: one process, expired entries dropped when met, and at most
 * `maxEntries` keys holding at most `maxBytes` of stored responses (the least recently used are
 * dropped first; a Map keeps insertion order, and touching an entry re-inserts it). Both bounds
 * keep callers who send fresh keys, or ask for big responses, from growing the process without
 * limit; a dropped key runs again on its next retry.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  #bytes = 0;

  constructor(options: { maxEntries?: number; maxBytes?: number; now?: () => number } = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#maxBytes = options.maxBytes ?? DEFAULT_IDEMPOTENCY_MAX_BYTES;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Bytes of stored responses the store holds. */
  get bytes(): number {
    return this.#bytes;
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
    this.#remove(key);
    this.#entries.set(key, { fingerprint, expiresAt: now + ttlMs, bytes: 0 });
    if (this.#entries.size > this.#maxEntries) this.#evict();
    return { state: "new" };
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    const entry = this.#entries.get(key);
    if (!entry) return;
    const bytes = sizeOf(response);
    // A response bigger than the whole budget is not kept: a retry runs again.
    if (bytes > this.#maxBytes) {
      this.#remove(key);
      return;
    }
    entry.response = response;
    entry.bytes = bytes;
    this.#bytes += bytes;
    while (this.#bytes > this.#maxBytes) this.#evict();
  }

  async release(key: string): Promise<void> {
    this.#remove(key);
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#bytes -= entry.bytes;
    this.#entries.delete(key);
  }

  /** Drops the least recently used entry (the Map's first); O(1), so a full store stays fast. */
  #evict(): void {
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#remove(oldest.value);
  }
}

/** What a stored response costs in memory, about: body and header bytes. */
function sizeOf(response: StoredResponse): number {
  const { body } = response;
  let bytes = body === undefined ? 0 : byteLength(body);
  for (const name in response.headers) bytes += name.length + (response.headers[name]?.length ?? 0);
  return bytes;
}

/**
 * The store key: operation, a hash of the caller's credentials (so two callers never share a
 * replay, and credentials are never stored in clear) and the client's key.
 */
export function scopedKey(operationId: string, credentials: readonly (string | undefined)[], key: string): string {
  return `${operationId}:${base64url(sha256(credentials.flatMap((value) => [value ?? "", "\0"])))}:${key}`;
}

/** What makes two requests "the same": method, path with query, and the raw body bytes. */
export function fingerprintOf(method: string, url: string, body: Uint8Array | undefined): string {
  return base64url(sha256(body ? [method, "\0", url, "\0", body] : [method, "\0", url, "\0"]));
}
