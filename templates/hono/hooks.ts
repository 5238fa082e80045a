// The Hono pack's hooks (apigen's pack API): route paths in Hono's syntax.
import type { PathPart, ServerPackHooks } from "apigen";

/** Literal text Hono reads as nothing but itself: no `:`, `*`, `{`, `}`, `?` or anything else its parser might take. */
const PLAIN = /^[\w.~-]*$/;

/**
 * `/orders/{orderId}` -> `/orders/:orderId`. A segment that is not plain literal text (a
 * parameter with text around it, `{id}:cancel`, or a literal with Hono syntax in it) becomes a
 * plain parameter `:s<n>`, which matches any one segment: spec text never reaches Hono's parser.
 * The adapter (runtime/adapter.ts) then matches the exact template and passes non-fitting
 * requests on, so the looser Hono path never answers for another operation.
 */
export function honoRoutePath(parts: readonly PathPart[]): string {
  const segments: (string | PathPart[])[] = [];
  let current: PathPart[] = [];
  for (const part of parts) {
    if ("param" in part) {
      current.push(part);
      continue;
    }
    const pieces = part.literal.split("/");
    pieces.forEach((piece, i) => {
      if (i > 0) {
        segments.push(current);
        current = [];
      }
      if (piece !== "") current.push({ literal: piece });
    });
  }
  segments.push(current);
  return segments
    .map((segment, i) => {
      if (typeof segment === "string") return segment;
      if (segment.length === 1 && "param" in segment[0]!) return `:${segment[0].key}`;
      if (segment.every((part) => "literal" in part && PLAIN.test(part.literal))) return segment.map((part) => ("literal" in part ? part.literal : "")).join("");
      return `:s${i}`;
    })
    .join("/");
}

export const hooks: ServerPackHooks = { routePath: honoRoutePath };
