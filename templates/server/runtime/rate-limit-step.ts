/**
 * The pipeline's rate-limit step: after authentication (a principal is its own caller) and
 * before the body is read (a flood never costs body reads). Every answer of a limited operation
 * from then on, problems included, carries the headers of draft-ietf-httpapi-ratelimit-headers-10
 * (the form of drafts -08 to -12: two Structured Fields, a policy list and the current state):
 *
 *     RateLimit-Policy: "listOrders";q=100;w=60
 *     RateLimit: "listOrders";r=42;t=30
 *
 * and a request past the limit is the 429 problem with `Retry-After: <t>`, which the generated
 * client waits for. Answers made before this step (401/403, 404/405) carry neither header.
 *
 * A store that fails (Redis down) lets requests through, unlimited and without the headers, and
 * logs a warning when it starts failing and when it answers again. A rate limit protects
 * capacity; failing closed would turn a Redis outage into an outage of the whole API. (The
 * idempotency store answers 503 instead: replaying or not is a matter of correctness there.)
 */
import { base64url } from "./bytes.js";
import type { RequestState } from "./compile.js";
import type { CredentialSource } from "./compile.js";
import { clientAddressOf } from "./client-address.js";
import { sha256 } from "./digest.js";
import { tooManyRequests } from "./problems.js";
import { MemoryRateLimitStore, type RateLimitOptions, type RateLimitStore } from "./rate-limit.js";
import type { Logger, OperationContract, RateLimitPolicy, ServerOptions } from "./types.js";

/** One operation's limit, with the text of its headers made once. */
interface Limit {
  policy: RateLimitPolicy;
  /** The counter's scope: the policy's name (operations naming it share the quota). */
  scope: string;
  /** `"name"`, the Structured Fields string both headers start with. */
  item: string;
  /** The RateLimit-Policy value. */
  policyHeader: string;
}

export interface RateLimiter {
  /**
   * Counts the request against its operation's limit: sets the headers on the state and rejects
   * with the 429 problem past the limit; undefined (nothing to wait for) when the operation has no limit.
   */
  check<P>(contract: OperationContract, state: RequestState<P>, credentials: readonly CredentialSource[]): Promise<void> | undefined;
}

/** The limiter of a runtime: policies resolved per operation on first use, one store for all. */
export function createRateLimiter(options: ServerOptions, contracts: readonly OperationContract[], logger: Logger): RateLimiter {
  const config: RateLimitOptions = options.rateLimit ?? {};
  if (config.default) checkPolicy(config.default, "rateLimit.default");
  for (const [id, policy] of Object.entries(config.operations ?? {})) if (policy) checkPolicy(policy, `rateLimit.operations.${id}`);
  let store: RateLimitStore | undefined = config.store;
  const limits = new WeakMap<OperationContract, Limit | null>();
  const health = { failing: false, warnedUnknown: false };

  function limitOf(contract: OperationContract): Limit | null {
    let limit = limits.get(contract);
    if (limit === undefined) {
      const configured = config.operations?.[contract.id];
      const policy = configured === false ? undefined : (configured ?? contract.rateLimit ?? config.default);
      limit = policy ? limitFor(policy, contract.id) : null;
      limits.set(contract, limit);
    }
    return limit;
  }

  // Resolved now, so that a bad limit fails the server's creation, not its requests.
  for (const contract of contracts) limitOf(contract);

  return {
    check(contract, state, credentials) {
      const limit = limitOf(contract);
      if (limit === null) return undefined;
      const caller = callerOf(config, options.trustProxy, contract, state, credentials);
      if (caller === undefined && !health.warnedUnknown) {
        health.warnedUnknown = true;
        logger.warn("Rate limit: the client's address is unknown (no socket address on this runtime); anonymous callers share one quota. Set ServerOptions.trustProxy or rateLimit.key.", { operationId: contract.id });
      }
      store ??= new MemoryRateLimitStore();
      const { policy } = limit;
      return store.hit(`${limit.scope}:${caller ?? "unknown"}`, policy.limit, policy.windowSeconds * 1000).then(
        (hit) => {
          if (health.failing) {
            health.failing = false;
            logger.warn("Rate limit store answers again; limits apply.", {});
          }
          const seconds = Math.max(hit.allowed ? 0 : 1, Math.ceil(hit.resetMs / 1000));
          state.rateLimitHeaders = [
            ["ratelimit-policy", limit.policyHeader],
            ["ratelimit", `${limit.item};r=${hit.remaining};t=${seconds}`],
          ];
          if (!hit.allowed) throw tooManyRequests(seconds, policy.limit, policy.windowSeconds);
        },
        (error: unknown) => {
          if (health.failing) return;
          health.failing = true;
          logger.warn("Rate limit store failed; requests pass unlimited until it answers again.", { requestId: state.requestId, operationId: contract.id, error: String(error) });
        },
      );
    },
  };
}

function limitFor(policy: RateLimitPolicy, operationId: string): Limit {
  checkPolicy(policy, `the rate limit of ${operationId}`);
  const scope = policy.name ?? operationId;
  const item = sfString(scope);
  return { policy, scope, item, policyHeader: `${item};q=${policy.limit};w=${policy.windowSeconds}` };
}

/** A bad limit is a startup error, not a limit that silently never applies. */
function checkPolicy(policy: RateLimitPolicy, where: string): void {
  const positive = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n >= 1;
  if (!positive(policy.limit) || !positive(policy.windowSeconds)) throw new Error(`apigen: ${where} needs a whole limit and windowSeconds of at least 1.`);
}

/** A Structured Fields String (RFC 9651 section 3.3.3): printable ASCII, `"` and `\` escaped. */
function sfString(text: string): string {
  return `"${text.replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The caller: the `key` function's answer; else a hash of the credentials when authenticated (a
 * stable id that keeps them out of the store, as idempotency keys are scoped); else the client's
 * address; undefined when none is known.
 */
function callerOf<P>(config: RateLimitOptions, trustProxy: boolean | number | undefined, contract: OperationContract, state: RequestState<P>, credentials: readonly CredentialSource[]): string | undefined {
  const clientAddress = clientAddressOf(state.raw, trustProxy);
  const custom = config.key?.({ operationId: contract.id, principal: state.principal, clientAddress, request: state.raw });
  if (custom !== undefined) return `k:${custom}`;
  if (state.principal !== undefined && credentials.length > 0) return `c:${base64url(sha256(credentials.flatMap((source) => [state.credential(source) ?? "", "\0"])))}`;
  return clientAddress === undefined ? undefined : `a:${clientAddress}`;
}
