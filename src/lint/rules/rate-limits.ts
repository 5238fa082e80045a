import type { LintRule } from "../types.js";
import { hasStatus } from "./helpers.js";

/**
 * An operation with a rate limit answers 429 past it (with Retry-After and the RateLimit
 * headers): a client generated from the spec, and the people reading it, should see that answer.
 */
export const rateLimitDocumented: LintRule = {
  id: "rate-limit-documented",
  severity: "warn",
  description: "Operations with a rate limit (x-ratelimit) document 429",
  help: "Declare a 429 problem response (sent past the limit, with Retry-After, RateLimit-Policy and RateLimit), or a 4XX one.",
  check(ctx) {
    for (const op of ctx.api.operations) {
      if (op.rateLimit && !hasStatus(op, "429", "4XX")) {
        ctx.report(`${op.pointer}/responses`, `${op.method.toUpperCase()} ${op.path} has a rate limit (x-ratelimit) but documents no 429`);
      }
    }
  },
};
