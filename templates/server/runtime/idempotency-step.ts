/**
 * Step 4 of the pipeline (runtime-steps.ts): a request with an idempotency key runs under a
 * claim on it, held by a lease that is renewed while the handler runs, so that one execution
 * happens per (operation, caller, key) across every instance sharing the store.
 *
 * When the store fails (Redis down), the rule is that a handler never runs without a claim:
 * - `begin` fails: 503 problem with Retry-After, the handler does not run.
 * - `renew` fails: logged; the handler goes on (it may already have had effects) and the claim
 *   holds until its lease ends.
 * - `complete` fails after the handler ran: the response still goes to the client, which got its
 *   answer and has no reason to retry; the failure is logged. The key stays claimed until its
 *   lease ends (a retry meanwhile gets 409), and after that a retry would run again: the one
 *   case of a second execution, which needs the client to lose its answer and the store to fail
 *   at the same moment. Answering 503 instead would make every client retry, and run again.
 * - `release` fails: logged; the key frees itself when its lease ends.
 */
import { fingerprintOf, scopedKey } from "./idempotency.js";
import type { RequestState } from "./compile.js";
import * as problems from "./problems.js";
import { addRateLimitHeaders, type RuntimeEnv } from "./runtime-steps.js";
import type { OperationContract, RawResponse } from "./types.js";

/**
 * `run` under the request's idempotency key, scoped by operation and credentials (422 for a key
 * reused with another request, 409 while its first run is in flight, the stored answer replayed
 * once done). Only answers below 500 are kept: a failure may be retried.
 */
export async function runIdempotent<P>(env: RuntimeEnv<P>, contract: OperationContract, state: RequestState<P>, run: () => Promise<RawResponse>): Promise<RawResponse> {
  const key = state.idempotencyKey;
  if (key === undefined) return run();
  const plan = env.compiledOf(contract);
  const scoped = scopedKey(contract.id, plan.credentialSources.map((source) => state.credential(source)), key);
  // The lease's owner: only this request may renew, complete or release the claim it takes.
  const owner = crypto.randomUUID();
  const fingerprint = fingerprintOf(state.raw.method, state.raw.url, state.bodyBytes);
  const log = { requestId: state.requestId, operationId: contract.id };
  let begun;
  try {
    begun = await env.store.begin(scoped, fingerprint, owner, env.idempotencyLeaseMs);
  } catch (error) {
    env.logger.error("The idempotency store failed: the request was not run.", { ...log, error: String(error) });
    throw problems.idempotencyStoreUnavailable();
  }
  if (begun.state === "mismatch") throw problems.idempotencyKeyReused();
  if (begun.state === "in-flight") throw problems.idempotentRequestInProgress();
  if (begun.state === "done") return replayed(env, state, begun.response);
  const stopRenewing = renewWhileRunning(env, scoped, owner, log);
  let response: RawResponse;
  try {
    response = await run();
  } catch (error) {
    stopRenewing();
    await settle(env, "release", () => env.store.release(scoped, owner), log);
    throw error;
  }
  stopRenewing();
  // A streamed answer cannot be replayed: its key is freed, so a retry runs the operation again.
  if (response.status >= 500 || response.stream !== undefined) await settle(env, "release", () => env.store.release(scoped, owner), log);
  else if ((await settle(env, "complete", () => env.store.complete(scoped, owner, response, env.idempotencyTtlMs), log)) === false) {
    env.logger.warn("The idempotent response was not stored (the request's lease had lapsed, or the store would not keep it): a retry runs the operation again.", log);
  }
  return response;
}

/**
 * Renews the claim every third of the lease, so two renewals can fail before it lapses. Returns
 * the function that stops it, called on every path out of the handler; results that arrive after
 * that are ignored (a renewal racing `complete` finds the claim gone, which is not a loss).
 */
function renewWhileRunning<P>(env: RuntimeEnv<P>, key: string, owner: string, log: Record<string, string>): () => void {
  let stopped = false;
  const timer = setInterval(() => {
    env.store.renew(key, owner, env.idempotencyLeaseMs).then(
      (held) => {
        if (held || stopped) return;
        stopped = true;
        clearInterval(timer);
        env.logger.warn("A running idempotent request lost its lease (it ran longer than the lease without renewing): a retry may run it again.", log);
      },
      (error: unknown) => {
        if (!stopped) env.logger.warn("Renewing an idempotency lease failed; retrying at the next interval.", { ...log, error: String(error) });
      },
    );
  }, Math.max(1, Math.floor(env.idempotencyLeaseMs / 3)));
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

/** A store call after the handler ran: its failure is logged, never the request's answer (undefined then). */
async function settle<T, P>(env: RuntimeEnv<P>, what: string, call: () => Promise<T>, log: Record<string, string>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    env.logger.error(`The idempotency store failed to ${what} a key after the handler ran; the key frees itself when its lease ends.`, { ...log, error: String(error) });
    return undefined;
  }
}

/** A stored answer sent again: marked as a replay, with this request's id and CORS headers (not the first request's). */
function replayed<P>(env: RuntimeEnv<P>, state: RequestState<P>, response: RawResponse): RawResponse {
  const headers = { ...response.headers, "idempotent-replayed": "true", "x-request-id": state.requestId };
  addRateLimitHeaders(state, headers);
  env.cors?.decorate(state.raw, headers);
  return { status: response.status, headers, body: response.body };
}
