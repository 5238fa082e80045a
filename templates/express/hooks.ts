// The Express pack's hooks (apigen's pack API): route paths in path-to-regexp v8 syntax.
import type { PathPart, ServerPackHooks } from "apigen";

/**
 * `/orders/{orderId}` -> `/orders/:orderId`. path-to-regexp v8 reserves `{}()[]+?!:*\` in
 * literal text (a backslash makes them literal), and reads identifier characters right after
 * `:name` as more of the name (quoted then: `:"id"_x`). Nest on Express uses the same syntax.
 */
export function expressRoutePath(parts: readonly PathPart[]): string {
  return parts
    .map((part, i) => {
      if ("literal" in part) return part.literal.replace(/[{}()[\]+?!:*\\]/g, (c) => `\\${c}`);
      const next = parts[i + 1];
      return next && "literal" in next && /^[\w$]/.test(next.literal) ? `:"${part.key}"` : `:${part.key}`;
    })
    .join("");
}

export const hooks: ServerPackHooks = {
  routePath: expressRoutePath,
  extendView(view) {
    // Express has a route method per method Node's HTTP parser knows; its types mark `query`
    // optional because older Node versions had no QUERY, which every version apigen supports has.
    // `m-search` (3.2 additionalOperations) is no identifier: `app["m-search"]`.
    const call = (method: string) => (method === "query" ? ".query!" : /^[a-z]+$/.test(method) ? `.${method}` : `[${JSON.stringify(method)}]`);
    return { ...view, routes: view.routes.map((route) => ({ ...route, expressCall: call(route.methodLower) })) };
  },
};
