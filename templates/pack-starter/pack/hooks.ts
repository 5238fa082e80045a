// This pack's hooks: how apigen's neutral view becomes what the templates print. See apigen's
// README, "Template packs", for every field of the view and what hooks may do.
import type { PathPart, ServerPackHooks } from "apigen";

/**
 * The route syntax of this pack's router (runtime/router.ts): the spec's path template with each
 * parameter under its route key (`/orders/{orderId}`; a name that is no identifier, `{order-id}`,
 * becomes `{p0}`, which the contract maps back). A router with a syntax of its own escapes the
 * literal text it would read as syntax here: spec paths are untrusted.
 */
export function routePath(parts: readonly PathPart[]): string {
  return parts.map((part) => ("literal" in part ? part.literal : `{${part.key}}`)).join("");
}

export const hooks: ServerPackHooks = {
  routePath,
  // Names only this pack's files declare come from apigen's allocator, clear of each other and of
  // what the templates import and declare (read from them); add what your templates need to the view here.
  extendView(view, tools) {
    const names = tools.names(tools.templateNames());
    return { ...view, appFunction: names.allocate("createNodeServer") };
  },
};
