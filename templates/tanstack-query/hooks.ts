// The TanStack Query pack's hooks (apigen's pack API): which factory each operation gets (query,
// paginated query or mutation), and the literals of its query key.
import type { ClientPackHooks } from "apigen";

/** Reads (QUERY too: safe, its body is part of the input and so of the key): cached as queries. Everything else changes state: a mutation. */
const QUERY_METHODS = new Set(["GET", "HEAD", "QUERY"]);

export const hooks: ClientPackHooks = {
  extendView(view, tools) {
    return {
      ...view,
      groups: view.groups.map((group) => ({
        ...group,
        keyLiteral: tools.stringLiteral(group.key),
        // The runtime factory (runtime/queries.ts) each operation gets.
        // Streaming operations (async iterables of items) have no query or mutation form here: call them on the client.
        operations: group.operations
          .filter((op) => !op.streaming)
          .map((op) => ({ ...op, factory: !QUERY_METHODS.has(op.method) ? "mutation" : op.paginated ? "paginatedQuery" : "query", keyLiteral: tools.stringLiteral(op.key) })),
      })),
    };
  },
};
