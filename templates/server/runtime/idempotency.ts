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
 * Where idempotent requests are remembered. Implement it over Redis or a database to share keys
 * between instances (redis-idempotency.ts is one). A running request holds its key under a
 * lease: `owner` is a token the request made up, the claim lapses `leaseMs` after it was taken
 * or last renewed, and only the owner may renew, complete or release it. So a process that died
 * holding a key blocks it for one lease at most, and a request whose lease lapsed (another took
 * the key over) cannot overwrite the other's record.
 */
export interface IdempotencyStore {
  /** Claims `key` for `owner` for `leaseMs` (state "new") if it is free or its claim lapsed, else reports what holds it; atomic. */
  begin(key: string, fingerprint: string, owner: string, leaseMs: number): Promise<BeginResult>;
  /** Extends `owner`'s claim to `leaseMs` from now; false when it no longer holds the key. */
  renew(key: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Stores the response, kept `ttlMs`, if `owner` still holds the key; false when nothing was stored. */
  complete(key: string, owner: string, response: StoredResponse, ttlMs: number): Promise<boolean>;
  /** Frees `key` if `owner` holds it (the request failed), so a retry runs again. */
  release(key: string, owner: string): Promise<void>;
}

interface Entry {
  fingerprint: string;
  /** The lease's end while running, the record's end once complete. */
  expiresAt: number;
  /** Who holds the running request's claim; none once complete. */
  owner?: string;
  response?: StoredResponse;
  /** Bytes the stored response holds (body and headers), counted against `maxBytes`. */
  bytes: number;
}

/** Default key lifetime: 24 hours. */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Default lease of a running request: 10 s, renewed every third of it while the handler runs.
 * Long enough that a stalled event loop or a Redis blip of a few seconds does not lose a live
 * request's claim; short enough that after a crash a client retrying with backoff gets through
 * within seconds instead of meeting 409s for minutes.
 */
export const DEFAULT_IDEMPOTENCY_LEASE_MS = 10_000;

/** Default bound of the in-memory store: stored response bytes (64 MiB). */
export const DEFAULT_IDEMPOTENCY_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The in-memory default: one process, expired entries dropped when met, and at most
 * `maxEntries` keys holding at most `maxBytes` of stored responses (the least recently used are
 * dropped first; a Map keeps insertion order, and touching an entry re-inserts it). Both bounds
 * keep callers who send fresh keys, or ask for big responses, from growing the process without
 * limit; a dropped key runs again on its next retry. Leases behave as in a shared store (a
 * handler stuck past its lease without renewing gives the key up), so tests of one hold for both.
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

  async begin(key: string, fingerprint: string, owner: string, leaseMs: number): Promise<BeginResult> {
    const entry = this.#live(key);
    if (entry) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      if (entry.fingerprint !== fingerprint) return { state: "mismatch" };
      return entry.response ? { state: "done", response: entry.response } : { state: "in-flight" };
    }
    this.#remove(key);
    this.#entries.set(key, { fingerprint, owner, expiresAt: this.#now() + leaseMs, bytes: 0 });
    if (this.#entries.size > this.#maxEntries) this.#evict();
    return { state: "new" };
  }

  async renew(key: string, owner: string, leaseMs: number): Promise<boolean> {
    const entry = this.#held(key, owner);
    if (entry) entry.expiresAt = this.#now() + leaseMs;
    return entry !== undefined;
  }

  async complete(key: string, owner: string, response: StoredResponse, ttlMs: number): Promise<boolean> {
    const entry = this.#held(key, owner);
    if (!entry) return false;
    const bytes = sizeOf(response);
    // A response bigger than the whole budget is not kept: a retry runs again.
    if (bytes > this.#maxBytes) {
      this.#remove(key);
      return false;
    }
    delete entry.owner;
    entry.response = response;
    entry.expiresAt = this.#now() + ttlMs;
    entry.bytes = bytes;
    this.#bytes += bytes;
    while (this.#bytes > this.#maxBytes) this.#evict();
    return this.#entries.get(key) === entry;
  }

  async release(key: string, owner: string): Promise<void> {
    if (this.#held(key, owner)) this.#remove(key);
  }

  /** The key's entry unless it expired (or its lease lapsed). */
  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    return entry && entry.expiresAt > this.#now() ? entry : undefined;
  }

  /** The key's entry while `owner`'s claim on it is live. */
  #held(key: string, owner: string): Entry | undefined {
    const entry = this.#live(key);
    return entry?.owner === owner ? entry : undefined;
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
