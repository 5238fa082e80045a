/**
 * The `x-ratelimit` extension: an operation's rate limit, or the document's for every operation
 * (an operation's own wins; `x-ratelimit: false` takes an operation out of the document's).
 *
 *     x-ratelimit:
 *       limit: 100        # requests per window, per caller (a whole number, at least 1)
 *       window: 60        # the window in seconds (a whole number, at least 1)
 *       name: orders      # optional: the policy's name in the headers (default: the operation's);
 *                         # operations naming the same policy share one quota per caller
 *
 * A value of any other shape is an APIGEN_INVALID_RATELIMIT warning and no limit: a typo must not
 * become a limit nobody meant.
 */
import type { RateLimit } from "../ir/operation.js";
import type { NormalizeContext, RawObject } from "./context.js";

const isCount = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 1;

/** The operation's limit: its own `x-ratelimit`, else the document's; undefined for none. */
export function rateLimitOf(ctx: NormalizeContext, op: RawObject, pointer: string): RateLimit | undefined {
  const document = ctx.document;
  const own = op["x-ratelimit"] !== undefined;
  const declared = own ? op["x-ratelimit"] : document["x-ratelimit"];
  if (declared === undefined || declared === false) return undefined;
  const where = own ? `${pointer}/x-ratelimit` : "#/x-ratelimit";
  const value = declared as RawObject;
  const name = value?.name;
  const validName = name === undefined || (typeof name === "string" && /^[\x20-\x7e]+$/.test(name));
  if (typeof declared !== "object" || declared === null || !isCount(value.limit) || !isCount(value.window) || !validName) {
    // The document's value is reported once, at the first operation it applies to.
    if (!ctx.diagnostics.some((d) => d.code === "APIGEN_INVALID_RATELIMIT" && d.pointer === where)) {
      ctx.warn("APIGEN_INVALID_RATELIMIT", "x-ratelimit is not { limit, window, name? } with whole numbers of at least 1 (and a printable ASCII name): no rate limit generated", where, "write x-ratelimit: { limit: 100, window: 60 } (requests per window of seconds), or false");
    }
    return undefined;
  }
  return { limit: value.limit as number, windowSeconds: value.window as number, ...(typeof name === "string" ? { name } : {}) };
}
