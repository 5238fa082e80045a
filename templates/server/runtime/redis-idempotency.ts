/**
 * The idempotency store shared by every instance of a server, over Redis. Each key is one hash:
 * `f` the request's fingerprint, `o` the owner of the running request's lease, and once complete
 * the response (`s` status, `h` headers as JSON, `t` body kind, `b` body). Every operation is one
 * Lua script, so it is atomic in Redis: two instances can never both claim a key, and a request
 * that lost its lease can never overwrite the record of the one that took the key over.
 *
 * Time is Redis's own: a running request's key expires with its lease (PEXPIRE, extended by
 * `renew`), a complete one after the TTL. Instances' clocks never enter into it, and a crashed
 * instance's claim ends by itself. Web-standard (no `node:` module): it needs only a
 * RedisConnection, which any client provides in a few lines.
 */
import { base64url, decodeBase64 } from "./bytes.js";
import type { BeginResult, IdempotencyStore, StoredResponse } from "./idempotency.js";
import type { RedisConnection } from "./redis.js";

/** ARGV: fingerprint, owner, lease. Claims a free key, or answers what holds it. */
const BEGIN = `local r = redis.call('HMGET', KEYS[1], 'f', 's', 'h', 't', 'b')
if not r[1] then
  redis.call('HSET', KEYS[1], 'f', ARGV[1], 'o', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'new'}
end
if r[1] ~= ARGV[1] then return {'mismatch'} end
if r[2] then return {'done', r[2], r[3], r[4], r[5]} end
return {'in-flight'}`;

/** ARGV: owner, lease. */
const RENEW = `if redis.call('HGET', KEYS[1], 'o') ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** ARGV: owner, status, headers, body kind, body, TTL. */
const COMPLETE = `if redis.call('HGET', KEYS[1], 'o') ~= ARGV[1] then return 0 end
redis.call('HDEL', KEYS[1], 'o')
redis.call('HSET', KEYS[1], 's', ARGV[2], 'h', ARGV[3], 't', ARGV[4], 'b', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1`;

/** ARGV: owner. */
const RELEASE = `if redis.call('HGET', KEYS[1], 'o') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

export interface RedisIdempotencyStoreOptions {
  /** Put before every key, to share a Redis with other data or other APIs (default "apigen:idempotency:"). */
  prefix?: string;
}

/**
 * Bodies go over the connection as strings (RedisConnection carries text), so the body kind says
 * how to read one back: "s" a string as it was, "b" bytes in base64url, "n" no body.
 */
type BodyKind = "s" | "b" | "n";

export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #redis: RedisConnection;
  readonly #prefix: string;
  /** Script SHA1s as Redis returned them from SCRIPT LOAD, loaded on first use. */
  readonly #loaded = new Map<string, string>();

  constructor(redis: RedisConnection, options: RedisIdempotencyStoreOptions = {}) {
    this.#redis = redis;
    this.#prefix = options.prefix ?? "apigen:idempotency:";
  }

  async begin(key: string, fingerprint: string, owner: string, leaseMs: number): Promise<BeginResult> {
    const reply = (await this.#run(BEGIN, key, [fingerprint, owner, String(leaseMs)])) as string[];
    const state = reply[0];
    if (state === "new" || state === "in-flight" || state === "mismatch") return { state };
    if (state !== "done") throw new Error(`Unexpected reply from the idempotency script: ${String(state)}`);
    return { state, response: responseOf(reply) };
  }

  async renew(key: string, owner: string, leaseMs: number): Promise<boolean> {
    return Number(await this.#run(RENEW, key, [owner, String(leaseMs)])) === 1;
  }

  async complete(key: string, owner: string, response: StoredResponse, ttlMs: number): Promise<boolean> {
    const { body } = response;
    const [kind, text]: [BodyKind, string] = body === undefined ? ["n", ""] : typeof body === "string" ? ["s", body] : ["b", base64url(body)];
    return Number(await this.#run(COMPLETE, key, [owner, String(response.status), JSON.stringify(response.headers), kind, text, String(ttlMs)])) === 1;
  }

  async release(key: string, owner: string): Promise<void> {
    await this.#run(RELEASE, key, [owner]);
  }

  /**
   * EVALSHA of a script loaded once. Redis forgets loaded scripts when it restarts (NOSCRIPT):
   * the script is then loaded again and the call repeated, once.
   */
  async #run(script: string, key: string, args: string[]): Promise<unknown> {
    const command = (sha: string) => this.#redis.send(["EVALSHA", sha, "1", this.#prefix + key, ...args]);
    const sha = this.#loaded.get(script) ?? (await this.#load(script));
    try {
      return await command(sha);
    } catch (error) {
      if (!String((error as { message?: unknown } | null)?.message ?? error).startsWith("NOSCRIPT")) throw error;
      return command(await this.#load(script));
    }
  }

  async #load(script: string): Promise<string> {
    const sha = String(await this.#redis.send(["SCRIPT", "LOAD", script]));
    this.#loaded.set(script, sha);
    return sha;
  }
}

/** The stored response of a "done" reply: status, headers, body kind, body. */
function responseOf(reply: readonly string[]): StoredResponse {
  const [, status, headers, kind, body] = reply;
  const response: StoredResponse = { status: Number(status), headers: JSON.parse(headers ?? "{}") as Record<string, string> };
  if (kind === "s") response.body = body ?? "";
  else if (kind === "b") response.body = decodeBase64(body ?? "");
  return response;
}
