// The Fastify pack's hooks (apigen's pack API): route paths in find-my-way syntax.
import type { PathPart, ServerPackHooks } from "apigen";

/**
 * `/orders/{orderId}` -> `/orders/:orderId`, in the syntax of find-my-way, Fastify's router:
 * - `:` in literal text starts a parameter; `::` is a literal colon.
 * - `*` is a wildcard (refused anywhere but the end): literal text with a `*` becomes a parameter
 *   whose pattern is exactly that text, under a key that never meets a spec name.
 * - a parameter's name ends only at `/`, `-` or `.`: before any other literal (`{id}:cancel`,
 *   `{id}_x`, or text made a parameter) it needs an explicit, lazy pattern.
 */
export function fastifyRoutePath(parts: readonly PathPart[]): string {
  const taken = new Set(parts.flatMap((part) => ("param" in part ? [part.param] : [])));
  let literals = 0;
  const literalParam = (text: string) => {
    let key = `lit${literals++}`;
    while (taken.has(key)) key = `${key}_`;
    taken.add(key);
    return `:${key}(${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})`;
  };
  return parts
    .map((part, i) => {
      if ("literal" in part) {
        return part.literal
          .split("/")
          .map((text) => (text.includes("*") ? literalParam(text) : text.replace(/:/g, "::")))
          .join("/");
      }
      const following = parts[i + 1];
      const next = following && "literal" in following ? following.literal : "";
      const plain = next === "" || (/^[/.-]/.test(next) && !(next.split("/")[0] ?? "").includes("*"));
      return plain ? `:${part.key}` : `:${part.key}([^/]+?)`;
    })
    .join("");
}

export const hooks: ServerPackHooks = { routePath: fastifyRoutePath };
