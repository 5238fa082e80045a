/**
 * Which variant's errors a 400 reports when a union without discriminator (or a tagged union's
 * payload without its optional tag) matched no variant. zod says only "Invalid input" for the
 * union and keeps every variant's issues; a caller is helped by the errors of the variant it
 * most likely meant, pointing inside it.
 *
 * The closest variant, in this order: one that did not fail on the value's own JSON type (an
 * object for an object variant); then the fewest mismatched constants and enum values (a
 * `const`/`enum` property is how untagged variants usually tell themselves apart); then the
 * fewest issues; then the first in the spec's order. Deterministic, and linear in the issues.
 */
import type { z } from "zod";

// Finalized issues (from zod's own unions) or raw ones (from zod-unions.ts), whose path may be unset.
type Issue = z.core.$ZodIssue | z.core.$ZodRawIssue;

export function closestVariant(variants: readonly (readonly Issue[])[]): readonly Issue[] {
  let best: readonly Issue[] = variants[0] ?? [];
  let bestScore = score(best);
  for (let i = 1; i < variants.length; i++) {
    const candidate = variants[i]!;
    const s = score(candidate);
    if (s[0] < bestScore[0] || (s[0] === bestScore[0] && (s[1] < bestScore[1] || (s[1] === bestScore[1] && s[2] < bestScore[2])))) {
      best = candidate;
      bestScore = s;
    }
  }
  return best;
}

function score(issues: readonly Issue[]): [number, number, number] {
  let wrongType = 0;
  let mismatched = 0;
  for (const issue of issues) {
    if (issue.code === "invalid_type" && (issue.path ?? []).length === 0) wrongType = 1;
    else if (issue.code === "invalid_value") mismatched++;
  }
  return [wrongType, mismatched, issues.length];
}
