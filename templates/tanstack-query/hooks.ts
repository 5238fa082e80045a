// The TanStack Query pack's hooks (apigen's pack API): which operations are queries, and the
// literals of their query keys.
import type { ClientPackHooks } from "apigen";

/** Reads: cached as queries. Everything else changes state: a mutation. */
const QUERY_METHODS = new Set(["GET", "HEAD"]);

export const hooks: ClientPackHooks = {
  extendView(view, tools) {
    return {
      ...view,
      // Some query follows pages: the file imports what infinite queries need.
      paginated: view.operations.some((op) => op.paginated && QUERY_METHODS.has(op.method)),
      groups: view.groups.map((group) => ({
        ...group,
        keyLiteral: tools.stringLiteral(group.key),
        operations: group.operations.map((op) => ({ ...op, isQuery: QUERY_METHODS.has(op.method), keyLiteral: tools.stringLiteral(op.key) })),
      })),
    };
  },
};
